package dev.loadlab.api.validation;

import dev.loadlab.api.loadtest.MetricType;
import java.util.Arrays;
import java.util.Optional;

/**
 * Metrics every runner records, in the System namespace. Thresholds use the k6-style name; Prometheus
 * gets {@code loadlab_} + the name in base units (durations in seconds, counters with {@code _total}).
 */
public enum BuiltInMetric {
  HTTP_REQS("http_reqs", MetricType.COUNTER, "requests"),
  HTTP_REQ_FAILED("http_req_failed", MetricType.RATE, "requests"),
  HTTP_REQ_DURATION("http_req_duration", MetricType.TIMING, "ms"),
  HTTP_REQ_BLOCKED("http_req_blocked", MetricType.TIMING, "ms"),
  HTTP_REQ_CONNECTING("http_req_connecting", MetricType.TIMING, "ms"),
  HTTP_REQ_TLS_HANDSHAKING("http_req_tls_handshaking", MetricType.TIMING, "ms"),
  HTTP_REQ_SENDING("http_req_sending", MetricType.TIMING, "ms"),
  HTTP_REQ_WAITING("http_req_waiting", MetricType.TIMING, "ms"),
  HTTP_REQ_RECEIVING("http_req_receiving", MetricType.TIMING, "ms"),
  ITERATIONS("iterations", MetricType.COUNTER, "iterations"),
  ITERATION_DURATION("iteration_duration", MetricType.TIMING, "ms"),
  DROPPED_ITERATIONS("dropped_iterations", MetricType.COUNTER, "iterations"),
  GROUP_DURATION("group_duration", MetricType.TIMING, "ms"),
  CHECKS("checks", MetricType.RATE, "checks"),
  DATA_SENT("data_sent", MetricType.COUNTER, "bytes"),
  DATA_RECEIVED("data_received", MetricType.COUNTER, "bytes"),
  VUS("vus", MetricType.GAUGE, "vus"),
  VUS_MAX("vus_max", MetricType.GAUGE, "vus"),
  HTTP_STREAM_FIRST_EVENT("http_stream_first_event", MetricType.TIMING, "ms"),
  HTTP_STREAM_EVENT_GAP("http_stream_event_gap", MetricType.TIMING, "ms"),
  HTTP_STREAM_EVENTS("http_stream_events", MetricType.COUNTER, "events"),
  HTTP_STREAM_EVENT_RATE("http_stream_event_rate", MetricType.TREND, "events/s"),
  GRPC_REQS("grpc_reqs", MetricType.COUNTER, "calls"),
  GRPC_REQ_DURATION("grpc_req_duration", MetricType.TIMING, "ms"),
  GRPC_STREAM_FIRST_MESSAGE("grpc_stream_first_message", MetricType.TIMING, "ms"),
  GRPC_STREAM_MESSAGE_GAP("grpc_stream_message_gap", MetricType.TIMING, "ms"),
  GRPC_STREAM_MESSAGES("grpc_stream_messages", MetricType.COUNTER, "messages"),
  WS_SESSIONS("ws_sessions", MetricType.COUNTER, "sessions"),
  WS_CONNECTING("ws_connecting", MetricType.TIMING, "ms"),
  WS_SESSION_DURATION("ws_session_duration", MetricType.TIMING, "ms"),
  WS_MSGS_SENT("ws_msgs_sent", MetricType.COUNTER, "messages"),
  WS_MSGS_RECEIVED("ws_msgs_received", MetricType.COUNTER, "messages"),
  CONNECTION_ERRORS("connection_errors", MetricType.COUNTER, "errors");

  /** Prefix of every built-in metric in Prometheus; user metrics may not start with it. */
  public static final String PROMETHEUS_PREFIX = "loadlab_";

  private final String metricName;
  private final MetricType type;
  private final String units;

  BuiltInMetric(String metricName, MetricType type, String units) {
    this.metricName = metricName;
    this.type = type;
    this.units = units;
  }

  public String metricName() {
    return metricName;
  }

  public MetricType type() {
    return type;
  }

  public String units() {
    return units;
  }

  /**
   * The series a runner's {@code /metrics} serves it as, or null for the figures kept in the results only (the request
   * phases blocked, sending and receiving: thresholds and reports read them, Prometheus does not get them). The one
   * place the names are decided: the exporter, the dashboards' catalog and docs/metrics.md are checked against it.
   */
  public String prometheusSeries() {
    return switch (this) {
      case HTTP_REQ_BLOCKED, HTTP_REQ_SENDING, HTTP_REQ_RECEIVING -> null;
      case HTTP_REQ_FAILED, CHECKS -> PROMETHEUS_PREFIX + metricName + "_total"; // counters under a rate's name
      case DATA_SENT, DATA_RECEIVED -> PROMETHEUS_PREFIX + metricName + "_bytes_total";
      case HTTP_STREAM_EVENT_RATE -> PROMETHEUS_PREFIX + metricName;
      default -> switch (type) {
        case TIMING -> PROMETHEUS_PREFIX + metricName + "_seconds";
        case COUNTER -> PROMETHEUS_PREFIX + metricName + "_total";
        default -> PROMETHEUS_PREFIX + metricName;
      };
    };
  }

  /**
   * Whether each interval of a run records it (the intervals keep counters and duration histograms, not the request
   * phases nor groups): what a threshold with window or ignoreFirst can judge.
   */
  public boolean inIntervals() {
    return switch (this) {
      case HTTP_REQ_BLOCKED, HTTP_REQ_CONNECTING, HTTP_REQ_TLS_HANDSHAKING, HTTP_REQ_SENDING, HTTP_REQ_WAITING,
          HTTP_REQ_RECEIVING, GROUP_DURATION, VUS, VUS_MAX -> false;
      default -> true;
    };
  }

  /**
   * Whether it is kept as a series of the custom-metric kind (per resource and tags, in {@code Stats.custom()}):
   * the streamed-response, gRPC and WebSocket metrics, recorded like a user's but named and exported as built-ins (the
   * gRPC calls with the label grpc_status, the WebSocket sessions with ws_outcome).
   */
  public boolean customSeries() {
    return switch (this) {
      case HTTP_STREAM_FIRST_EVENT, HTTP_STREAM_EVENT_GAP, HTTP_STREAM_EVENTS, HTTP_STREAM_EVENT_RATE, GRPC_REQS,
          GRPC_REQ_DURATION, GRPC_STREAM_FIRST_MESSAGE, GRPC_STREAM_MESSAGE_GAP, GRPC_STREAM_MESSAGES, WS_SESSIONS,
          WS_CONNECTING, WS_SESSION_DURATION, WS_MSGS_SENT, WS_MSGS_RECEIVED -> true;
      default -> false;
    };
  }

  public static Optional<BuiltInMetric> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst();
  }
}
