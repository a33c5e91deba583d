package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Summary {
  @JsonPropertyDescription("Run time in seconds.")
  public Double durationSeconds;

  @JsonPropertyDescription("Requests sent: HTTP requests, gRPC calls among them (WebSocket sessions are ws_sessions in metrics).")
  public Long requests;

  @JsonPropertyDescription("Failed requests: transport errors, timeouts and status >= 400.")
  public Long failures;

  @JsonPropertyDescription("Requests per second over the run.")
  public Double rps;

  @JsonPropertyDescription("Iterations completed.")
  public Long iterations;

  @JsonPropertyDescription("Iterations an arrival-rate executor could not start because no VU was free.")
  public Long droppedIterations;

  @JsonPropertyDescription("Checks that passed.")
  public Long checksPassed;

  @JsonPropertyDescription("Checks that failed.")
  public Long checksFailed;

  @JsonPropertyDescription("Bytes sent, WebSocket handshakes and frames included.")
  public Long dataSent;

  @JsonPropertyDescription("Bytes received, WebSocket handshakes and frames included.")
  public Long dataReceived;

  @JsonPropertyDescription("Request duration over all requests, in milliseconds.")
  public Distribution latency;

  @JsonPropertyDescription("The same figures per scenario and resource.")
  public List<ResourceSummary> resources;

  @JsonPropertyDescription("Custom metrics and the built-ins kept like them (streamed responses, gRPC, WebSocket), merged over all runners.")
  public List<MetricSummary> metrics;

  /** Figures of a trend; percentiles are exact over all runners (merged histograms). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Distribution {
    @JsonPropertyDescription("Number of values.")
    public Long count;
    @JsonPropertyDescription("Smallest value.")
    public Double min;
    @JsonPropertyDescription("Mean.")
    public Double mean;
    @JsonPropertyDescription("Standard deviation.")
    public Double stddev;
    @JsonPropertyDescription("Median.")
    public Double p50;
    @JsonPropertyDescription("90th percentile.")
    public Double p90;
    @JsonPropertyDescription("95th percentile.")
    public Double p95;
    @JsonPropertyDescription("99th percentile.")
    public Double p99;
    @JsonPropertyDescription("Largest value.")
    public Double max;
    @JsonPropertyDescription("Extra percentiles asked for in spec.metrics.percentiles, keyed like p99.9.")
    public Map<String, Double> percentiles;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    @JsonPropertyDescription("Scenario name.")
    public String scenario;
    @JsonPropertyDescription("Resource label, e.g. POST /v1/chat/completions.")
    public String resource;
    @JsonPropertyDescription("Tags of the scenario and step, as on the Prometheus series.")
    public Map<String, String> tags;
    @JsonPropertyDescription("Requests sent.")
    public Long requests;
    @JsonPropertyDescription("Failed requests.")
    public Long failures;
    @JsonPropertyDescription("Responses per HTTP status code.")
    public Map<String, Long> statuses;
    @JsonPropertyDescription("Request duration in milliseconds.")
    public Distribution latency;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricSummary {
    @JsonPropertyDescription("Metric name.")
    public String name;
    @JsonPropertyDescription("Metric namespace.")
    public String namespace;
    @JsonPropertyDescription("trend, timing, counter, rate, gauge or histogram.")
    public MetricType type;
    @JsonPropertyDescription("Units of the values.")
    public String units;
    @JsonPropertyDescription("Resource the figures belong to; unset for the whole test.")
    public String resource;
    @JsonPropertyDescription("Tags of the scenario, step and metric.")
    public Map<String, String> tags;
    @JsonPropertyDescription("Trend and timing figures.")
    public Distribution distribution;
    @JsonPropertyDescription("Counter total, or gauge last value.")
    public Double value;
    @JsonPropertyDescription("Sum of a trend's values, e.g. total cost.")
    public Double sum;
    @JsonPropertyDescription("Rate: share of non-zero values, 0-1.")
    public Double rate;
    @JsonPropertyDescription("Histogram: count per key.")
    public Map<String, Long> buckets;
  }
}
