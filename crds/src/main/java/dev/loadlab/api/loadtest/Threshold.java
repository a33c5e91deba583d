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
      + "http_reqs, checks, iterations, iteration_duration, dropped_iterations, data_sent, data_received, "
      + "group_duration, http_stream_first_event, http_stream_event_gap, http_stream_events, http_stream_event_rate, "
      + "grpc_reqs, grpc_req_duration, grpc_stream_first_message, grpc_stream_message_gap, grpc_stream_messages, "
      + "ws_sessions, ws_connecting, ws_session_duration, ws_msgs_sent, ws_msgs_received; docs/metrics.md) or "
      + "a custom metric's name.")
  @Required
  @Size(min = 1, max = 255)
  public String metric;

  @JsonPropertyDescription("Condition in k6's syntax: AGGREGATION OP VALUE, where AGGREGATION is avg, min, max, med, "
      + "p(N), count, rate, sum or value and VALUE may carry a duration unit, e.g. \"p(95) < 500ms\", \"rate < 0.01\"; "
      + "or compared with an earlier run (see baseline): \"p(95) < baseline * 1.10\", \"rate <= baseline + 0.001\".")
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

  @JsonPropertyDescription("Judge the condition in each window of this length (a multiple of spec.metrics.interval) "
      + "instead of over the whole run: the threshold passes when at least objective of the windows meet it, e.g. "
      + "window: 10s with objective: 99%. A window without samples is not judged.")
  @Pattern(Load.DURATION)
  public String window;

  @JsonPropertyDescription("With window: the share of windows that must meet the condition, e.g. 99% or 99.9%. "
      + "Default 100%.")
  @Pattern("^([0-9]{1,2}(\\.[0-9]+)?|100)%$")
  public String objective;

  @JsonPropertyDescription("The earlier run a condition on baseline compares with, e.g. condition \"p(95) < baseline * "
      + "1.10\" with baseline {run: lastPassed}. Without one yet (a first run) the threshold passes and says so.")
  public Baseline baseline;

  @JsonPropertyDescription("Leave the start of the run out of this threshold (warm-up, ramp-up): samples of the first "
      + "intervals up to this time since the start are not judged, e.g. 30s (rounded up to whole intervals).")
  @Pattern(Load.DURATION)
  public String ignoreFirst;

  @JsonPropertyDescription("Leave the scenarios' ramp-up out of this threshold: the time until a ramping executor "
      + "first reaches its highest stage target (startTime included). On a threshold filtered to one scenario "
      + "(labels.scenario), that scenario's ramp; otherwise until every scenario is at full load. With ignoreFirst, "
      + "the longer of the two.")
  public Boolean ignoreScenarioRamp;
}
