package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdResult {
  @JsonPropertyDescription("Metric of the threshold.")
  public String metric;
  @JsonPropertyDescription("Condition as written.")
  public String condition;
  @JsonPropertyDescription("Label filter as written.")
  public Map<String, String> labels;
  @JsonPropertyDescription("Observed value of the aggregation, in the metric's units (ms for durations).")
  public Double value;
  @JsonPropertyDescription("Whether the condition held.")
  public Boolean passed;
  @JsonPropertyDescription("True when this threshold aborted the test.")
  public Boolean aborted;
  @JsonPropertyDescription("With a baseline: the earlier run compared with, e.g. \"run 3\", or why there was none.")
  public String baselineRun;
  @JsonPropertyDescription("With a baseline: the same aggregation in the baseline run.")
  public Double baseline;
  @JsonPropertyDescription("With a baseline: the limit the condition made of it.")
  public Double limit;
  @JsonPropertyDescription("With a baseline: this run's value against the baseline's, e.g. +12.3%.")
  public String change;
  @JsonPropertyDescription("Window, objective and ignoreFirst as written, e.g. \"window 10s, objective 99%, ignoreFirst 30s\".")
  public String judgedBy;
  @JsonPropertyDescription("With window: the windows judged (those with samples).")
  public Integer windows;
  @JsonPropertyDescription("With window: the windows that met the condition.")
  public Integer windowsMet;
  @JsonPropertyDescription("With window: the share of windows that met the condition, in percent.")
  public Double objectiveMet;
  @JsonPropertyDescription("With window: the worst window and its value, e.g. \"60s-70s: 812.5\".")
  public String worstWindow;
}
