package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.metric) != has(self.query)", message = "set exactly one of metric or query")
public class Panel {
  @JsonPropertyDescription("Panel title. Default: the metric and aggregation.")
  public String title;

  @JsonPropertyDescription("Metric to show: a built-in loadlab metric (http_req_duration, http_reqs, ...) or a "
      + "custom metric's name.")
  @Size(min = 1, max = 255)
  public String metric;

  @JsonPropertyDescription("A PromQL query, for anything the metric shortcuts do not cover.")
  public String query;

  @JsonPropertyDescription("How to aggregate the metric: rate, sum, avg, min, max, last, p50, p90, p95, p99, "
      + "or ratio (rates). Default: p95 for trends, rate for counters.")
  public Aggregation aggregation;

  @JsonPropertyDescription("Panel type. Default timeseries.")
  public PanelType type;

  @JsonPropertyDescription("Grafana unit, e.g. ms, s, reqps, percentunit, currencyUSD, short.")
  public String unit;

  @JsonPropertyDescription("Label to split series by, e.g. resource or key. Default: none (one series).")
  public String by;

  @JsonPropertyDescription("Only series with these labels.")
  public Map<String, String> labels;

  @JsonPropertyDescription("Colour steps: from each value upwards the colour given.")
  public List<ThresholdStep> thresholds;

  @JsonPropertyDescription("Width in grid units (1-24). Default 12.")
  @io.fabric8.generator.annotation.Min(1)
  @io.fabric8.generator.annotation.Max(24)
  public Integer width;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ThresholdStep {
    @JsonPropertyDescription("Lower bound of the step; unset for the base step.")
    public Double value;

    @JsonPropertyDescription("Colour name or hex, e.g. green, red, #F2495C.")
    @Required
    public String color;
  }

  public enum PanelType {
    TIMESERIES("timeseries"), STAT("stat"), GAUGE("gauge"), BARGAUGE("bargauge"), TABLE("table"),
    PIECHART("piechart"), HEATMAP("heatmap"), BARCHART("barchart");

    private final String id;

    PanelType(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }
  }

  public enum Aggregation {
    RATE("rate"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max"), LAST("last"),
    P50("p50"), P90("p90"), P95("p95"), P99("p99"), RATIO("ratio");

    private final String id;

    Aggregation(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }
  }
}
