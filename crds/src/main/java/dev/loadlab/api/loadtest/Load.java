package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The load profile of a scenario. Each executor takes only its own parameters; the rules below
 * are the CRD's copy of {@link Executor}, and a test checks that the two agree.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.executor != 'constant-vus' || (has(self.duration) && !has(self.iterations) && !has(self.stages) && !has(self.rate) && !has(self.startRate) && !has(self.timeUnit) && !has(self.startVUs) && !has(self.preAllocatedVUs) && !has(self.maxVUs) && !has(self.maxDuration) && !has(self.gracefulRampDown))",
    message = "constant-vus takes vus and duration (required), plus startTime and gracefulStop")
@ValidationRule(value = "self.executor != 'ramping-vus' || (has(self.stages) && !has(self.vus) && !has(self.duration) && !has(self.iterations) && !has(self.rate) && !has(self.startRate) && !has(self.timeUnit) && !has(self.preAllocatedVUs) && !has(self.maxVUs) && !has(self.maxDuration))",
    message = "ramping-vus takes startVUs, stages (required) and gracefulRampDown, plus startTime and gracefulStop")
@ValidationRule(value = "!(self.executor in ['per-vu-iterations', 'shared-iterations']) || (has(self.iterations) && !has(self.duration) && !has(self.stages) && !has(self.rate) && !has(self.startRate) && !has(self.timeUnit) && !has(self.startVUs) && !has(self.preAllocatedVUs) && !has(self.maxVUs) && !has(self.gracefulRampDown))",
    message = "per-vu-iterations and shared-iterations take vus, iterations (required) and maxDuration, plus startTime and gracefulStop")
@ValidationRule(value = "self.executor != 'constant-arrival-rate' || (has(self.rate) && has(self.duration) && !has(self.vus) && !has(self.iterations) && !has(self.stages) && !has(self.startRate) && !has(self.startVUs) && !has(self.maxDuration) && !has(self.gracefulRampDown))",
    message = "constant-arrival-rate takes rate and duration (required), timeUnit, preAllocatedVUs and maxVUs, plus startTime and gracefulStop")
@ValidationRule(value = "self.executor != 'ramping-arrival-rate' || (has(self.stages) && !has(self.vus) && !has(self.duration) && !has(self.iterations) && !has(self.rate) && !has(self.startVUs) && !has(self.maxDuration) && !has(self.gracefulRampDown))",
    message = "ramping-arrival-rate takes startRate, stages (required), timeUnit, preAllocatedVUs and maxVUs, plus startTime and gracefulStop")
@ValidationRule(value = "!has(self.preAllocatedVUs) || !has(self.maxVUs) || self.maxVUs >= self.preAllocatedVUs",
    message = "maxVUs must be at least preAllocatedVUs")
public class Load {
  static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  @JsonPropertyDescription("The load model: constant-vus, ramping-vus, per-vu-iterations, shared-iterations, "
      + "constant-arrival-rate or ramping-arrival-rate (same meaning and parameters as k6's executors).")
  @Required
  public Executor executor;

  @JsonPropertyDescription("Virtual users (constant-vus, per-vu-iterations, shared-iterations). Default 1.")
  @Min(1)
  @Max(1000000)
  public Integer vus;

  @JsonPropertyDescription("How long the scenario runs, e.g. 30s, 2m, 1h30m (constant-vus, constant-arrival-rate).")
  @Pattern(DURATION)
  public String duration;

  @JsonPropertyDescription("Iterations: per virtual user (per-vu-iterations) or shared by all (shared-iterations).")
  @Min(1)
  @Max(1000000000000L)
  public Long iterations;

  @JsonPropertyDescription("Stages of a ramping executor: reach target (VUs or iterations per timeUnit) over duration.")
  @Size(min = 1)
  public List<Stage> stages;

  @JsonPropertyDescription("Iterations started per timeUnit (constant-arrival-rate).")
  @Min(1)
  @Max(1000000000L)
  public Long rate;

  @JsonPropertyDescription("Iterations started per timeUnit at the beginning (ramping-arrival-rate). Default 0.")
  @Min(0)
  @Max(1000000000L)
  public Long startRate;

  @JsonPropertyDescription("Period that rate refers to (arrival-rate executors). Default 1s.")
  @Pattern(DURATION)
  public String timeUnit;

  @JsonPropertyDescription("Virtual users at the start (ramping-vus). Default 1.")
  @Min(0)
  @Max(1000000)
  public Integer startVUs;

  @JsonPropertyDescription("Virtual users created before the start (arrival-rate executors). Default: maxVUs, or rate.")
  @Min(0)
  @Max(1000000)
  public Integer preAllocatedVUs;

  @JsonPropertyDescription("Most virtual users an arrival-rate executor may use; when none is free an iteration is "
      + "dropped and counted in loadlab_dropped_iterations_total, the rate is never silently lowered.")
  @Min(1)
  @Max(1000000)
  public Integer maxVUs;

  @JsonPropertyDescription("Upper bound on the run time of an iterations executor. Default 10m.")
  @Pattern(DURATION)
  public String maxDuration;

  @JsonPropertyDescription("Delay from the test's start before this scenario starts. Default 0s.")
  @Pattern(DURATION)
  public String startTime;

  @JsonPropertyDescription("Time left to running iterations to finish once the scenario's time is up. Default 30s.")
  @Pattern(DURATION)
  public String gracefulStop;

  @JsonPropertyDescription("Time left to iterations of virtual users removed by a ramp-down (ramping-vus). Default 30s.")
  @Pattern(DURATION)
  public String gracefulRampDown;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Stage {
    @JsonPropertyDescription("How long this stage lasts, e.g. 1m.")
    @Required
    @Pattern(DURATION)
    public String duration;

    @JsonPropertyDescription("Target at the end of the stage, reached linearly: VUs (ramping-vus) or "
        + "iterations per timeUnit (ramping-arrival-rate).")
    @Required
    @Min(0)
    @Max(1000000000L)
    public Long target;
  }
}
