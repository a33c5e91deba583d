package dev.loadlab.operator.grafana;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.MetricDefinition;
import dev.loadlab.api.validation.BuiltInMetric;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a metric name in a dashboard means in Prometheus: the series the runners export (docs/metrics.md), its
 * kind, and whether it carries the scenario and resource labels. Built-ins are fixed; user metrics come from
 * the LoadTests that declare them.
 */
public final class MetricCatalog {
  /** How a metric is exported, which decides its PromQL. */
  public enum Kind {
    /** {@code NAME_total}. */
    COUNTER,
    /** Classic histogram in seconds: {@code NAME_bucket}, {@code _sum}, {@code _count}. */
    SECONDS_HISTOGRAM,
    /** Classic histogram in the metric's own units. */
    HISTOGRAM,
    /** {@code NAME_total{value="true"|"false"}}: a share. */
    RATE,
    /** {@code NAME}. */
    GAUGE,
    /** {@code NAME_total{key=...}}: a count per key. */
    KEYED,
    /** http_req_failed: failed requests over all requests. */
    FAILED_SHARE,
    /** checks: passed checks over all checks. */
    CHECKS_SHARE
  }

  /** A metric as a dashboard queries it. {@code units} is the Grafana unit that fits its values. */
  public record Metric(String name, String series, Kind kind, boolean scenario, boolean resource, String units) {
  }

  private static final Map<String, Metric> BUILT_IN = new LinkedHashMap<>();

  static {
    builtIn("http_reqs", "loadlab_http_reqs_total", Kind.COUNTER, true, true, "reqps");
    builtIn("http_req_failed", "loadlab_http_req_failed_total", Kind.FAILED_SHARE, true, true, "percentunit");
    builtIn("http_req_duration", "loadlab_http_req_duration_seconds", Kind.SECONDS_HISTOGRAM, true, true, "s");
    builtIn("http_req_waiting", "loadlab_http_req_waiting_seconds", Kind.SECONDS_HISTOGRAM, true, true, "s");
    builtIn("http_req_connecting", "loadlab_http_req_connecting_seconds", Kind.SECONDS_HISTOGRAM, true, true, "s");
    builtIn("http_req_tls_handshaking", "loadlab_http_req_tls_handshaking_seconds", Kind.SECONDS_HISTOGRAM, true, true, "s");
    builtIn("data_sent", "loadlab_data_sent_bytes_total", Kind.COUNTER, true, true, "Bps");
    builtIn("data_received", "loadlab_data_received_bytes_total", Kind.COUNTER, true, true, "Bps");
    builtIn("iterations", "loadlab_iterations_total", Kind.COUNTER, true, false, "short");
    builtIn("iteration_duration", "loadlab_iteration_duration_seconds", Kind.SECONDS_HISTOGRAM, true, false, "s");
    builtIn("dropped_iterations", "loadlab_dropped_iterations_total", Kind.COUNTER, true, false, "short");
    builtIn("checks", "loadlab_checks_total", Kind.CHECKS_SHARE, false, false, "percentunit");
    builtIn("group_duration", "loadlab_group_duration_seconds", Kind.SECONDS_HISTOGRAM, false, false, "s");
    builtIn("vus", "loadlab_vus", Kind.GAUGE, false, false, "short");
    builtIn("vus_max", "loadlab_vus_max", Kind.GAUGE, false, false, "short");
    builtIn("http_stream_first_event", "loadlab_http_stream_first_event_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("http_stream_event_gap", "loadlab_http_stream_event_gap_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("http_stream_events", "loadlab_http_stream_events_total", Kind.COUNTER, false, true, "short");
    builtIn("http_stream_event_rate", "loadlab_http_stream_event_rate", Kind.HISTOGRAM, false, true, "short");
    builtIn("grpc_reqs", "loadlab_grpc_reqs_total", Kind.COUNTER, false, true, "reqps");
    builtIn("grpc_req_duration", "loadlab_grpc_req_duration_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("grpc_stream_first_message", "loadlab_grpc_stream_first_message_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("grpc_stream_message_gap", "loadlab_grpc_stream_message_gap_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("grpc_stream_messages", "loadlab_grpc_stream_messages_total", Kind.COUNTER, false, true, "short");
    builtIn("connection_errors", "loadlab_connection_errors_total", Kind.COUNTER, false, false, "short");
    builtIn("ws_sessions", "loadlab_ws_sessions_total", Kind.COUNTER, false, true, "short");
    builtIn("ws_connecting", "loadlab_ws_connecting_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("ws_session_duration", "loadlab_ws_session_duration_seconds", Kind.SECONDS_HISTOGRAM, false, true, "s");
    builtIn("ws_msgs_sent", "loadlab_ws_msgs_sent_total", Kind.COUNTER, false, true, "short");
    builtIn("ws_msgs_received", "loadlab_ws_msgs_received_total", Kind.COUNTER, false, true, "short");
    builtIn("runner_event_loop_lag", "loadlab_runner_event_loop_lag_seconds", Kind.SECONDS_HISTOGRAM, false, false, "s");
    builtIn("runner_cpu", "loadlab_runner_cpu_ratio", Kind.GAUGE, false, false, "percentunit");
    builtIn("runner_gc_pause", "loadlab_runner_gc_pause_seconds_total", Kind.COUNTER, false, false, "percentunit");
  }

  private static void builtIn(String name, String series, Kind kind, boolean scenario, boolean resource, String units) {
    // the series name is BuiltInMetric's (the runner health figures are the runner's own, not threshold metrics)
    var table = BuiltInMetric.byName(name);
    if (table.isPresent() && !series.equals(table.get().prometheusSeries())) {
      throw new IllegalStateException(name + ": the catalog says " + series + ", BuiltInMetric " + table.get().prometheusSeries());
    }
    BUILT_IN.put(name, new Metric(name, series, kind, scenario, resource, units));
  }

  private final Map<String, Metric> user = new LinkedHashMap<>();

  /** The built-ins and every metric these LoadTests declare. */
  public static MetricCatalog of(Collection<LoadTest> tests) {
    var c = new MetricCatalog();
    for (LoadTest lt : tests) {
      if (lt.getSpec() != null) {
        lt.getSpec().metricDefinitions().forEach(d -> c.user.putIfAbsent(d.name, user(d)));
      }
    }
    return c;
  }

  private static Metric user(MetricDefinition d) {
    boolean resource = d.perResource == null || d.perResource;
    return switch (d.type) {
      case TIMING -> new Metric(d.name, d.name + "_seconds", Kind.SECONDS_HISTOGRAM, false, resource, "s");
      case TREND -> new Metric(d.name, d.name, Kind.HISTOGRAM, false, resource, unit(d.units));
      case COUNTER -> new Metric(d.name, d.name + "_total", Kind.COUNTER, false, resource, unit(d.units));
      case RATE -> new Metric(d.name, d.name + "_total", Kind.RATE, false, resource, "percentunit");
      case GAUGE -> new Metric(d.name, d.name, Kind.GAUGE, false, resource, unit(d.units));
      case HISTOGRAM -> new Metric(d.name, d.name + "_total", Kind.KEYED, false, resource, "short");
    };
  }

  /** The Grafana unit for a metric's declared units: USD as currency, everything else counted. */
  static String unit(String units) {
    if (units == null) {
      return "short";
    }
    return switch (units.toLowerCase(java.util.Locale.ROOT)) {
      case "usd", "$", "dollars" -> "currencyUSD";
      case "eur", "€" -> "currencyEUR";
      case "ms" -> "ms";
      case "s", "seconds" -> "s";
      case "bytes" -> "bytes";
      case "percent", "%" -> "percent";
      default -> "short";
    };
  }

  public Optional<Metric> find(String name) {
    return Optional.ofNullable(BUILT_IN.containsKey(name) ? BUILT_IN.get(name) : user.get(name));
  }

  /** The user metrics, in declaration order. */
  public Collection<Metric> userMetrics() {
    return user.values();
  }
}
