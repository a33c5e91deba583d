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
}
