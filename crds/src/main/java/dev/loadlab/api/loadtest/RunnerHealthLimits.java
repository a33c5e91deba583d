package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * How busy a runner may get before its figures stop being trusted. Each runner measures itself while it runs; past
 * any of these limits the run ends Inconclusive (reason RunnerSaturated) instead of Succeeded or Failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerHealthLimits {
  public static final String PERCENT = "^([0-9]{1,2}(\\.[0-9]+)?|100)%$";

  @JsonPropertyDescription("Most a runner's event loops may lag, at the 99th percentile of a 100 ms timer's lateness "
      + "over the run. A loop that is late sends every request and reads every response late by as much, so the "
      + "latencies measured include it. Default 200ms.")
  @Pattern(Load.DURATION)
  public String maxEventLoopLag;

  @JsonPropertyDescription("Most CPU a runner may use on average over the run, as a share of its CPU limit "
      + "(resources.limits.cpu; the cores it may use when it has none). Default 90%.")
  @Pattern(PERCENT)
  public String maxCpu;

  @JsonPropertyDescription("Most of the run a runner may spend in garbage-collection pauses. Default 10%.")
  @Pattern(PERCENT)
  public String maxGcPause;

  @JsonPropertyDescription("Most of the requests' time that may be spent waiting past the instant the schedule set "
      + "for them (the blocked phase: an arrival-rate iteration that started late, mostly because every virtual user "
      + "was busy with a slow target). Not judged unless set: the wait is already counted in the latencies; set it to "
      + "gate on the schedule being kept, e.g. 5%.")
  @Pattern(PERCENT)
  public String maxBlocked;

  @JsonPropertyDescription("Most of the iterations an arrival-rate scenario asked for that a runner may drop because "
      + "no virtual user was free (maxVUs reached). Not judged unless set, e.g. 1%.")
  @Pattern(PERCENT)
  public String maxDroppedIterations;

  @JsonPropertyDescription("What a saturated runner does to the verdict: Inconclusive (the run ends Inconclusive, "
      + "reason RunnerSaturated, whatever its thresholds say) or Report (the verdict stands on the thresholds alone; "
      + "status.runnerHealth still says which runner was saturated). Default Inconclusive.")
  public OnSaturated onSaturated;

  /** What a saturated runner does to the verdict. */
  public enum OnSaturated {
    Inconclusive, Report
  }
}
