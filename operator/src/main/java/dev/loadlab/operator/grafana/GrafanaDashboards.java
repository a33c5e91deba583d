package dev.loadlab.operator.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.dashboard.GrafanaJson;
import dev.loadlab.api.dashboard.Panel;
import dev.loadlab.operator.grafana.PromQl.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grafana dashboard JSON as the Grafana sidecar and file provisioning need it: the datasource a template
 * variable used by every panel and target (never {@code __inputs} / {@code ${DS_...}}), {@code id} null, a
 * deterministic uid, {@code schemaVersion} 39 unless the model says otherwise, variables for namespace,
 * loadtest, scenario and resource. Built with Jackson trees: Grafana's Java foundation SDK is not on the
 * registry these machines reach.
 */
public final class GrafanaDashboards {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final int SCHEMA_VERSION = GrafanaJson.SCHEMA_VERSION;
  /** A ConfigMap holds at most 1 MiB, and the sidecar does not gunzip. */
  public static final int MAX_BYTES = 1024 * 1024 - 4096;
  private static final Pattern UID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");
  static final String DATASOURCE = "${datasource}";

  private GrafanaDashboards() {
  }

  /**
   * {@code <namespace>_<name>} (no Kubernetes name holds '_', so no two objects share one), or a shortened form
   * with a hash when longer than Grafana's 40 characters.
   */
  public static String uid(String namespace, String name) {
    String full = (namespace + "_" + name).replaceAll("[^a-zA-Z0-9_-]", "-");
    if (full.length() <= 40) {
      return full;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      return full.substring(0, 31) + "-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A user's Grafana JSON made fit for provisioning ({@link GrafanaJson}), with this Dashboard's uid and title. */
  public static ObjectNode normalize(JsonNode model, String uid, String title) {
    ObjectNode root;
    try {
      root = GrafanaJson.normalize(model);
    } catch (IllegalArgumentException e) {
      throw new InvalidDashboardException(e.getMessage());
    }
    root.put("uid", uid);
    addMissingScopeVariables(root);
    if (title != null) {
      root.put("title", title);
    }
    if (!root.has("title")) {
      root.put("title", uid);
    }
    return root;
  }

  static boolean validUid(String uid) {
    return UID.matcher(uid).matches();
  }

  /** An empty dashboard with the datasource, namespace, loadtest, scenario and resource variables. */
  static ObjectNode skeleton(String uid, String title, Scope scope, String fixedNamespace, String fixedLoadTest) {
    ObjectNode d = JSON.createObjectNode();
    d.putNull("id");
    d.put("uid", uid);
    d.put("title", title);
    d.putArray("tags").add("loadlab");
    d.put("timezone", "browser");
    d.put("editable", true);
    d.put("graphTooltip", 1);
    d.put("schemaVersion", SCHEMA_VERSION);
    d.put("refresh", "10s");
    d.putObject("time").put("from", "now-30m").put("to", "now");
    d.putObject("annotations").putArray("list");
    ArrayNode vars = d.putObject("templating").putArray("list");
    vars.add(datasourceVariable());
    scopeVariables(scope, fixedNamespace, fixedLoadTest).forEach(vars::add);
    d.putArray("panels");
    return d;
  }

  /** The namespace, loadtest, scenario and resource variables, in that order. */
  private static List<ObjectNode> scopeVariables(Scope scope, String fixedNamespace, String fixedLoadTest) {
    return List.of(
        queryVariable("namespace", "Namespace", "label_values(loadlab_vus_max, namespace)", fixedNamespace),
        queryVariable("loadtest", "LoadTest", "label_values(loadlab_vus_max{namespace" + scope.namespace() + "}, loadtest)",
            fixedLoadTest),
        queryVariable("scenario", "Scenario",
            "label_values(loadlab_iterations_total{namespace" + scope.namespace() + ", loadtest" + scope.loadtest() + "}, scenario)", null),
        queryVariable("resource", "Resource",
            "label_values(loadlab_http_reqs_total{namespace" + scope.namespace() + ", loadtest" + scope.loadtest() + "}, resource)", null));
  }

  /**
   * A user's model that uses {@code $namespace}, {@code $loadtest}, {@code $scenario} or {@code $resource}
   * without defining it (an export made elsewhere, a hand-written file) gets the standard variable, so that its
   * queries work in Grafana; variables it defines itself are left alone, and unused ones are not added.
   */
  private static void addMissingScopeVariables(ObjectNode root) {
    ArrayNode list = (ArrayNode) root.path("templating").path("list");
    var defined = new java.util.HashSet<String>();
    list.forEach(v -> defined.add(v.path("name").asText()));
    String text = root.path("panels").toString();
    for (ObjectNode v : scopeVariables(Scope.variables(), null, null)) {
      String name = v.path("name").asText();
      if (!defined.contains(name) && Pattern.compile("\\$\\{?" + name + "\\b|\\[\\[" + name + "\\b").matcher(text).find()) {
        list.add(v);
      }
    }
  }

  private static ObjectNode datasourceVariable() {
    return GrafanaJson.datasourceVariable();
  }

  private static ObjectNode queryVariable(String name, String label, String query, String fixed) {
    ObjectNode v = JSON.createObjectNode();
    v.put("name", name).put("label", label).put("type", "query");
    v.putObject("datasource").put("type", "prometheus").put("uid", DATASOURCE);
    v.put("query", query).put("definition", query);
    v.put("refresh", 2).put("includeAll", true).put("multi", true).put("allValue", ".*").put("sort", 1);
    ObjectNode current = v.putObject("current");
    if (fixed != null) {
      // a dashboard of one LoadTest: the variable is shown, preset, and hidden
      current.put("text", fixed).put("value", fixed);
      v.put("hide", 2);
    } else {
      current.put("text", "All").put("value", "$__all");
      v.put("hide", 0);
    }
    v.putArray("options");
    return v;
  }

  /** A panel with one Prometheus target, placed at (x, y) with the given width. */
  static ObjectNode panel(int id, String type, String title, String expr, String legend, String unit,
      List<Panel.ThresholdStep> thresholds, int x, int y, int w, int h) {
    ObjectNode p = JSON.createObjectNode();
    p.put("id", id);
    p.put("type", type);
    p.put("title", title);
    p.putObject("datasource").put("type", "prometheus").put("uid", DATASOURCE);
    p.putObject("gridPos").put("x", x).put("y", y).put("w", w).put("h", h);
    ObjectNode target = p.putArray("targets").addObject();
    target.putObject("datasource").put("type", "prometheus").put("uid", DATASOURCE);
    target.put("refId", "A").put("expr", expr).put("legendFormat", legend == null ? "__auto" : legend);
    if ("table".equals(type)) {
      target.put("instant", true).put("format", "table");
    } else if ("stat".equals(type) || "gauge".equals(type) || "bargauge".equals(type) || "piechart".equals(type)) {
      target.put("instant", true);
    } else {
      target.put("range", true);
    }
    ObjectNode fieldConfig = p.putObject("fieldConfig");
    ObjectNode defaults = fieldConfig.putObject("defaults");
    fieldConfig.putArray("overrides");
    if (unit != null) {
      defaults.put("unit", unit);
    }
    ObjectNode steps = defaults.putObject("thresholds").put("mode", "absolute");
    ArrayNode list = steps.putArray("steps");
    if (thresholds == null || thresholds.isEmpty()) {
      list.addObject().putNull("value").put("color", "green");
    } else {
      for (var t : thresholds) {
        ObjectNode step = list.addObject();
        if (t.value == null) {
          step.putNull("value");
        } else {
          step.put("value", t.value);
        }
        step.put("color", t.color);
      }
    }
    p.set("options", options(type));
    return p;
  }

  private static void reduce(ObjectNode options) {
    ObjectNode r = options.putObject("reduceOptions");
    r.putArray("calcs").add("lastNotNull");
    r.put("fields", "").put("values", false);
  }

  private static ObjectNode legend(ObjectNode options, String placement) {
    ObjectNode l = options.putObject("legend").put("displayMode", "list").put("placement", placement).put("showLegend", true);
    l.putArray("calcs");
    return l;
  }

  /** Each panel type's options with what Grafana's schema requires, at Grafana's defaults. */
  static ObjectNode options(String type) {
    ObjectNode o = JSON.createObjectNode();
    switch (type) {
      case "timeseries" -> {
        legend(o, "bottom");
        o.putObject("tooltip").put("mode", "multi").put("sort", "desc");
      }
      case "stat" -> {
        reduce(o);
        o.put("graphMode", "area").put("colorMode", "value").put("justifyMode", "auto").put("textMode", "auto")
            .put("wideLayout", true).put("showPercentChange", false).put("percentChangeColorMode", "standard")
            .put("orientation", "auto");
      }
      case "gauge" -> {
        reduce(o);
        o.put("showThresholdLabels", false).put("showThresholdMarkers", true).put("sizing", "auto")
            .put("minVizWidth", 75).put("minVizHeight", 75).put("orientation", "auto");
      }
      case "bargauge" -> {
        reduce(o);
        o.put("displayMode", "gradient").put("orientation", "horizontal").put("showUnfilled", true)
            .put("valueMode", "color").put("namePlacement", "auto").put("sizing", "auto")
            .put("minVizWidth", 8).put("minVizHeight", 16).put("maxVizHeight", 300);
      }
      case "table" -> o.put("frameIndex", 0).put("showHeader", true).put("cellHeight", "sm");
      case "piechart" -> {
        reduce(o);
        legend(o, "right").putArray("values").add("percent");
        o.put("pieType", "pie").put("orientation", "auto");
        o.putObject("tooltip").put("mode", "single").put("sort", "none");
      }
      case "barchart" -> {
        legend(o, "bottom");
        o.putObject("tooltip").put("mode", "single").put("sort", "none");
        o.put("orientation", "auto").put("xTickLabelRotation", 0).put("xTickLabelMaxLength", 0).put("stacking", "none")
            .put("showValue", "auto").put("barWidth", 0.97).put("groupWidth", 0.7).put("fullHighlight", false);
      }
      case "heatmap" -> {
        o.putObject("color").put("mode", "scheme").put("scheme", "Oranges").put("fill", "dark-orange").put("exponent", 0.5)
            .put("steps", 64).put("reverse", false);
        o.put("showValue", "auto").put("calculate", false);
        o.putObject("yAxis").put("axisPlacement", "left");
        o.putObject("legend").put("show", true);
        o.putObject("tooltip").put("mode", "single");
        o.putObject("exemplars").put("color", "rgba(255,0,255,0.7)");
      }
      default -> {
      }
    }
    return o;
  }
}
