package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Threshold {
  @JsonPropertyDescription("Metric the condition applies to: a built-in one (http_req_duration, http_req_failed, "
      + "http_reqs, checks, iterations, iteration_duration, dropped_iterations, data_sent, data_received, ws_connecting, "
      + "group_duration) or a custom metric's name.")
  @Required
  @Size(min = 1, max = 255)
  public String metric;

  @JsonPropertyDescription("Condition in k6's syntax: AGGREGATION OP VALUE, where AGGREGATION is avg, min, max, med, "
      + "p(N), count, rate, sum or value and VALUE may carry a duration unit, e.g. \"p(95) < 500ms\", \"rate < 0.01\".")
  @Required
  @Size(min = 1)
  public String condition;

  @JsonPropertyDescription("Only the series with these labels, e.g. {resource: chat} or {scenario: browse}.")
  public Map<String, String> labels;

  @JsonPropertyDescription("Stop the whole test as soon as this threshold fails (phase Aborted).")
  public Boolean abortOnFail;

  @JsonPropertyDescription("With abortOnFail, how long after the start before the threshold may abort the test, "
      + "so that early samples do not decide. Default 0s.")
  @Pattern(Load.DURATION)
  public String delayAbortEval;
}
