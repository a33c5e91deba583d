package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadlab.api.common.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTestStatus {
  @JsonPropertyDescription("Pending, Starting, Running, Stopping, then Succeeded, Failed, Aborted, Inconclusive (a runner was "
      + "saturated: the figures cannot be trusted either way) or Invalid.")
  public Phase phase;

  @JsonPropertyDescription("metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Conditions: Valid, Ready (True once the test finished and its thresholds passed), "
      + "Completed (True once the run ended, whatever the outcome), Reconciling (True while a run is under way) and "
      + "Stalled (True when the run failed, was aborted, was inconclusive or the spec is invalid): the types kstatus, Flux and Argo CD "
      + "read.")
  public List<Condition> conditions;

  @JsonPropertyDescription("Number of this run, counting re-runs of the same LoadTest from 1.")
  public Integer run;

  @JsonPropertyDescription("metadata.generation the current run uses; a spec change during a run takes effect as "
      + "the next run.")
  public Long runGeneration;

  @JsonPropertyDescription("Set while a run goes on and the spec or the loadlab.dev/run annotation changed: the "
      + "generation that runs next, once the current run ends.")
  public String nextRun;

  @JsonPropertyDescription("Value of the loadlab.dev/run annotation the current run answers; changing the annotation "
      + "on a finished LoadTest runs it again.")
  public String runTrigger;

  @JsonPropertyDescription("One CamelCase word saying why the test is in its phase, e.g. RunnerFailed, "
      + "ThresholdsFailed, WaitingForRunners.")
  public String reason;

  @JsonPropertyDescription("Human-readable detail of the reason, naming the runner, threshold or field concerned.")
  public String message;

  @JsonPropertyDescription("When the runners were started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the test ended (RFC 3339).")
  public String endTime;

  @JsonPropertyDescription("Runner pods ready out of the total, e.g. 2/3.")
  public String runners;

  @JsonPropertyDescription("Runner pods ready.")
  public Integer readyRunners;

  @JsonPropertyDescription("Runner pods in total.")
  public Integer totalRunners;

  @JsonPropertyDescription("Live figures while the test runs, final figures once it ended.")
  public Progress progress;

  @JsonPropertyDescription("Exact global results merged from every runner, once the test ended.")
  public Summary summary;

  @JsonPropertyDescription("Each threshold with its observed value and pass/fail.")
  public List<ThresholdResult> thresholds;

  @JsonPropertyDescription("Thresholds passed out of the total, e.g. 2/3.")
  public String thresholdsPassed;

  @JsonPropertyDescription("Whether the runners could keep up (event-loop lag, CPU, GC pauses, blocked time, dropped "
      + "iterations against spec.runnerHealth), once the test ended.")
  public RunnerHealthStatus runnerHealth;

  @JsonPropertyDescription("The stored record of the current run, once it ended: where it is, its size, what was left "
      + "out to fit, and the command that renders its report.")
  public RecordStatus record;

  @JsonPropertyDescription("Earlier runs of this LoadTest, newest first (at most 10).")
  public List<PastRun> history;

  @JsonPropertyDescription("Names of the objects the operator created for this test.")
  public OwnedObjects objects;
}
