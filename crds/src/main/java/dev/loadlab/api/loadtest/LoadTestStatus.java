package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadlab.api.common.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTestStatus {
  @JsonPropertyDescription("Pending, Starting, Running, Stopping, then Succeeded, Failed, Aborted or Invalid.")
  public Phase phase;

  @JsonPropertyDescription("metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Conditions: Valid, Ready (True once the test finished and its thresholds passed), "
      + "Completed.")
  public List<Condition> conditions;

  @JsonPropertyDescription("Number of this run, counting re-runs of the same LoadTest from 1.")
  public Integer run;

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

  @JsonPropertyDescription("Names of the objects the operator created for this test.")
  public OwnedObjects objects;
}
