package dev.loadlab.operator.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.dashboard.DashboardSpec;
import dev.loadlab.api.dashboard.Panel;
import dev.loadlab.api.dashboard.Panel.Aggregation;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.grafana.MetricCatalog.Kind;
import dev.loadlab.operator.grafana.MetricCatalog.Metric;
import dev.loadlab.operator.grafana.PromQl.Scope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** Turns a Dashboard's source, or a LoadTest, into the Grafana JSON its ConfigMap carries. */
public final class DashboardRenderer {
  /** Generated dashboards' uids start with this; a Dashboard may not take one. */
  static final String GENERATED_UID_PREFIX = dev.loadlab.api.validation.DashboardValidator.GENERATED_UID_PREFIX;
  /** The chart's "Load test overview". */
  static final String OVERVIEW_UID = dev.loadlab.api.validation.DashboardValidator.OVERVIEW_UID;

  private DashboardRenderer() {
  }

  /** The uid a Dashboard has in Grafana, known without rendering it: spec.uid, else from namespace and name. */
  public static String uid(String namespace, String name, DashboardSpec spec) {
    return spec != null && spec.uid != null ? spec.uid : GrafanaDashboards.uid(namespace, name);
  }

  /**
   * The dashboard of a Dashboard resource. {@code configMapKey} reads a referenced ConfigMap key (null when
   * missing); {@code catalog} knows the metrics of the LoadTests in the Dashboard's namespace.
   */
  public static ObjectNode render(String namespace, String name, DashboardSpec spec, Function<DashboardSpec.ConfigMapKeyRef, String> configMapKey,
      MetricCatalog catalog) {
    String uid = uid(namespace, name, spec);
    if (!GrafanaDashboards.validUid(uid)) {
      throw new InvalidDashboardException("spec.uid: \"" + uid + "\" must be 1-40 characters of letters, digits, '-' and '_'");
    }
    if (spec.uid != null && spec.uid.startsWith(GENERATED_UID_PREFIX)) {
      throw new InvalidDashboardException("spec.uid: \"" + uid + "\" starts with \"" + GENERATED_UID_PREFIX
          + "\", which is kept for the dashboards generated for LoadTests; choose another uid");
    }
    if (OVERVIEW_UID.equals(spec.uid)) {
      throw new InvalidDashboardException("spec.uid: \"" + uid + "\" is the uid of the Helm chart's \"Load test overview\"; "
          + "choose another uid");
    }
    ObjectNode out;
    if (spec.panels != null && !spec.panels.isEmpty()) {
      out = fromPanels(spec.panels, uid, spec.title != null ? spec.title : name, catalog);
    } else if (spec.json != null) {
      out = GrafanaDashboards.normalize(parse(spec.json, "spec.json"), uid, spec.title);
    } else if (spec.gzipJson != null) {
      out = GrafanaDashboards.normalize(parse(gunzip(spec.gzipJson), "spec.gzipJson"), uid, spec.title);
    } else if (spec.configMapRef != null) {
      String text = configMapKey.apply(spec.configMapRef);
      if (text == null) {
        throw new InvalidDashboardException("spec.configMapRef: ConfigMap " + spec.configMapRef.name + " has no key \""
            + spec.configMapRef.key + "\" in namespace " + namespace + "; create it or fix the name and key");
      }
      out = GrafanaDashboards.normalize(parse(text, "spec.configMapRef"), uid, spec.title);
    } else {
      throw new InvalidDashboardException("spec: give exactly one of json, gzipJson, configMapRef or panels");
    }
    checkSize(out);
    return out;
  }

  static void checkSize(ObjectNode dashboard) {
    try {
      int bytes = GrafanaDashboards.JSON.writeValueAsBytes(dashboard).length;
      if (bytes > GrafanaDashboards.MAX_BYTES) {
        throw new InvalidDashboardException("the dashboard is " + bytes + " bytes of JSON; a ConfigMap holds at most 1 MiB "
            + "(and the Grafana sidecar does not gunzip): split it into several dashboards");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String text, String field) {
    try {
      return GrafanaDashboards.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidDashboardException(field + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
    }
  }

  private static String gunzip(String base64) {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)))) {
      byte[] bytes = in.readNBytes(8 * 1024 * 1024 + 1);
      if (bytes.length > 8 * 1024 * 1024) {
        throw new InvalidDashboardException("spec.gzipJson: more than 8 MiB once unzipped");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | IOException e) {
      throw new InvalidDashboardException("spec.gzipJson: not base64 of gzip data (" + e.getMessage() + "); "
          + "make it with: gzip -c dashboard.json | base64 -w0");
    }
  }

  /** Panels of the DSL, laid out left to right in rows of 24 grid units. */
  static ObjectNode fromPanels(List<Panel> panels, String uid, String title, MetricCatalog catalog) {
    ObjectNode d = GrafanaDashboards.skeleton(uid, title, Scope.variables(), null, null);
    var layout = new Layout();
    ArrayNode out = (ArrayNode) d.get("panels");
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      String at = "spec.panels[" + i + "]";
      String expr;
      String unit = p.unit;
      String defaultTitle;
      if (p.query != null) {
        expr = p.query;
        defaultTitle = "Query " + (i + 1);
      } else if (p.metric != null) {
        Metric m = catalog.find(p.metric).orElseThrow(() -> new InvalidDashboardException(at + ".metric: \"" + p.metric
            + "\" is neither a built-in metric (http_reqs, http_req_duration, ...) nor declared by a LoadTest in this "
            + "namespace; declare it in a LoadTest's metrics or write the PromQL in " + at + ".query"));
        Aggregation a = p.aggregation != null ? p.aggregation : PromQl.defaultAggregation(m.kind());
        expr = PromQl.query(m, a, p.by, p.labels, Scope.variables());
        if (m.kind() == Kind.SECONDS_HISTOGRAM && "ms".equals(unit) && isDistribution(a)) {
          expr = "1000 * " + expr;
        }
        if (unit == null) {
          unit = unitOf(m, a);
        }
        defaultTitle = p.metric + " (" + a.id() + ")";
      } else {
        throw new InvalidDashboardException(at + ": give metric or query");
      }
      String type = p.type == null ? "timeseries" : p.type.id();
      int w = p.width == null ? 12 : p.width;
      var pos = layout.place(w, 8);
      out.add(GrafanaDashboards.panel(i + 1, type, p.title != null ? p.title : defaultTitle, expr,
          p.by == null ? null : "{{" + p.by + "}}", unit, p.thresholds, pos[0], pos[1], w, 8));
    }
    return d;
  }

  private static boolean isDistribution(Aggregation a) {
    return switch (a) {
      case P50, P90, P95, P99, AVG, MIN, MAX, LAST -> true;
      default -> false;
    };
  }

  private static String unitOf(Metric m, Aggregation a) {
    return switch (m.kind()) {
      case COUNTER, KEYED -> a == Aggregation.RATE || a == Aggregation.RATIO ? (m.units().equals("reqps") ? "reqps" : "short")
          : m.units().equals("reqps") ? "short" : m.units();
      case SECONDS_HISTOGRAM, HISTOGRAM -> a == Aggregation.RATE || a == Aggregation.RATIO ? "short" : m.units();
      default -> m.units();
    };
  }

  /** Left to right, wrapping at 24 columns. */
  static final class Layout {
    private int x;
    private int y;
    private int rowHeight;

    int[] place(int w, int h) {
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      int[] at = {x, y};
      x += w;
      rowHeight = Math.max(rowHeight, h);
      return at;
    }
  }

  /** Whether any http step, groups included, reads its response as a stream. */
  /** Whether any step checks anything: a test without checks exports no check series to chart. */
  private static boolean hasChecks(LoadTest lt) {
    return lt.getSpec().scenarios != null && lt.getSpec().scenarios.stream().anyMatch(s -> hasChecks(s.steps));
  }

  private static boolean hasChecks(List<dev.loadlab.api.loadtest.Step> steps) {
    if (steps == null) {
      return false;
    }
    for (var st : steps) {
      if (st.http != null && st.http.checks != null && !st.http.checks.isEmpty()
          || st.websocket != null && st.websocket.checks != null && !st.websocket.checks.isEmpty()
          || st.grpc != null && st.grpc.checks != null && !st.grpc.checks.isEmpty()
          || st.group != null && hasChecks(st.group.steps)) {
        return true;
      }
    }
    return false;
  }

  /** The dashboard the Helm chart ships: the standard panels over every LoadTest, picked with the variables. */
  public static ObjectNode overview() {
    ObjectNode d = GrafanaDashboards.skeleton(OVERVIEW_UID, "Load test overview", Scope.variables(), null, null);
    var ids = new int[] {1};
    standardPanels(d, Scope.variables(), true, true, new Layout(), ids);
    checkSize(d);
    return d;
  }

  /** The generated dashboard of a LoadTest: the standard HTTP panels, then one panel per custom metric. */
  public static ObjectNode forLoadTest(LoadTest lt) {
    String ns = lt.getMetadata().getNamespace();
    String name = lt.getMetadata().getName();
    Scope scope = Scope.of(ns, name);
    ObjectNode d = GrafanaDashboards.skeleton(GrafanaDashboards.uid(GENERATED_UID_PREFIX + ns, name), "LoadTest " + ns + "/" + name, scope, ns, name);
    MetricCatalog catalog = MetricCatalog.of(List.of(lt));
    ArrayNode out = (ArrayNode) d.get("panels");
    var layout = new Layout();
    var ids = new int[] {1};
    standardPanels(d, scope, hasChecks(lt), ProtocolPanels.makesRequests(lt), layout, ids);
    int id = ids[0];
    for (ProtocolPanels.Spec p : ProtocolPanels.of(lt)) {
      Metric m = catalog.find(p.metric()).orElseThrow();
      var at = layout.place(p.width(), 8);
      out.add(GrafanaDashboards.panel(id++, "timeseries", p.title(), PromQl.query(m, p.aggregation(), p.by(), null, scope),
          "{{" + p.by() + "}}", p.unit(), null, at[0], at[1], p.width(), 8));
    }
    for (Metric m : catalog.userMetrics()) {
      Aggregation a = PromQl.defaultAggregation(m.kind());
      String type = switch (m.kind()) {
        case KEYED -> "bargauge";
        case RATE, GAUGE -> "stat";
        default -> "timeseries";
      };
      String by = m.kind() == Kind.KEYED ? "key" : null;
      String expr = PromQl.query(m, a, by, null, scope);
      String unit = unitOf(m, a);
      int w = "timeseries".equals(type) ? 12 : 6;
      var at = layout.place(w, 8);
      out.add(GrafanaDashboards.panel(id++, type, m.name().replace('_', ' ') + " (" + a.id().toLowerCase(Locale.ROOT) + ")", expr,
          by == null ? m.name() : "{{key}}", unit, null, at[0], at[1], w, 8));
      if (m.kind() == Kind.HISTOGRAM && ("currencyUSD".equals(m.units()) || "currencyEUR".equals(m.units()))) {
        // money: what the whole test has cost so far, next to the cost per call
        var total = layout.place(6, 8);
        out.add(GrafanaDashboards.panel(id++, "stat", m.name().replace('_', ' ') + " (total)",
            PromQl.query(m, Aggregation.SUM, null, null, scope), null, m.units(), null, total[0], total[1], 6, 8));
      }
    }
    checkSize(d);
    return d;
  }

  /** RPS, latency p50/p95/p99, responses by status, failures, checks, VUs, iterations, drops, bandwidth, per resource. */
  /** @param requests whether to chart HTTP requests: not for a test of WebSocket steps only (it makes none) */
  private static void standardPanels(ObjectNode d, Scope scope, boolean checks, boolean requests, Layout layout, int[] ids) {
    MetricCatalog catalog = MetricCatalog.of(List.of());
    ArrayNode out = (ArrayNode) d.get("panels");
    var panels = new ArrayList<Object[]>();
    // {title, type, metric, aggregation, by, unit, width}
    if (requests) {
      panels.add(new Object[] {"Requests per second", "timeseries", "http_reqs", Aggregation.RATE, "resource", "reqps", 12});
      panels.add(new Object[] {"Latency p50", "timeseries", "http_req_duration", Aggregation.P50, "resource", "s", 12});
      panels.add(new Object[] {"Latency p95", "timeseries", "http_req_duration", Aggregation.P95, "resource", "s", 12});
      panels.add(new Object[] {"Latency p99", "timeseries", "http_req_duration", Aggregation.P99, "resource", "s", 12});
      panels.add(new Object[] {"Responses by status", "timeseries", "http_reqs", Aggregation.RATE, "status", "reqps", 12});
      panels.add(new Object[] {"Failed requests", "stat", "http_req_failed", Aggregation.RATIO, null, "percentunit", 6});
    }
    if (checks) {
      panels.add(new Object[] {"Checks passed", "stat", "checks", Aggregation.RATIO, null, "percentunit", 6});
    }
    panels.add(new Object[] {"Virtual users", "timeseries", "vus", Aggregation.SUM, null, "short", 12});
    panels.add(new Object[] {"Iterations per second", "timeseries", "iterations", Aggregation.RATE, "scenario", "short", 12});
    panels.add(new Object[] {"Dropped iterations", "stat", "dropped_iterations", Aggregation.SUM, null, "short", 6});
    panels.add(new Object[] {"Data received", "timeseries", "data_received", Aggregation.RATE, null, "Bps", 6});
    panels.add(new Object[] {"Data sent", "timeseries", "data_sent", Aggregation.RATE, null, "Bps", 12});
    // could the runners keep up? what spec.runnerHealth judges at the end, per runner pod, live
    panels.add(new Object[] {"Runner event-loop lag p99", "timeseries", "runner_event_loop_lag", Aggregation.P99, "pod", "s", 8});
    panels.add(new Object[] {"Runner CPU (of its limit)", "timeseries", "runner_cpu", Aggregation.MAX, "pod", "percentunit", 8});
    panels.add(new Object[] {"Runner GC pauses (share of time)", "timeseries", "runner_gc_pause", Aggregation.RATE, "pod",
        "percentunit", 8});
    int id = ids[0];
    for (Object[] p : panels) {
      Metric m = catalog.find((String) p[2]).orElseThrow();
      String expr = PromQl.query(m, (Aggregation) p[3], (String) p[4], null, scope);
      int w = (Integer) p[6];
      var pos = layout.place(w, 8);
      out.add(GrafanaDashboards.panel(id++, (String) p[1], (String) p[0], expr, p[4] == null ? (String) p[0] : "{{" + p[4] + "}}",
          (String) p[5], null, pos[0], pos[1], w, 8));
    }
    if (!requests) {
      ids[0] = id;
      return;
    }
    // per resource: requests, p95 and failures side by side
    var pos = layout.place(24, 8);
    ObjectNode table = GrafanaDashboards.panel(id++, "table", "Per resource",
        PromQl.query(catalog.find("http_reqs").orElseThrow(), Aggregation.SUM, "scenario, resource", null, scope),
        null, "short", null, pos[0], pos[1], 24, 8);
    out.add(table);
    ids[0] = id;
  }
}
