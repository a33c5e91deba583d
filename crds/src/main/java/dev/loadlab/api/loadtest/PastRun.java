package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What is kept of a finished run once the LoadTest runs again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PastRun {
  @JsonPropertyDescription("Number of the run.")
  public Integer run;

  @JsonPropertyDescription("metadata.generation the run used.")
  public Long generation;

  @JsonPropertyDescription("Final phase: Succeeded, Failed or Aborted.")
  public Phase phase;

  @JsonPropertyDescription("Why it ended so, e.g. Completed, ThresholdsFailed, RunnerFailed.")
  public String reason;

  @JsonPropertyDescription("When its runners were started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When it ended (RFC 3339).")
  public String endTime;

  @JsonPropertyDescription("Requests sent.")
  public Long requests;

  @JsonPropertyDescription("Requests per second over the run.")
  public Double rps;

  @JsonPropertyDescription("95th percentile of request duration, with its unit.")
  public String p95;

  @JsonPropertyDescription("Share of failed requests, e.g. 0.12%.")
  public String errors;

  @JsonPropertyDescription("Thresholds passed out of the total, e.g. 2/3.")
  public String thresholdsPassed;

  @JsonPropertyDescription("Where its run record is kept (the ConfigMap in this namespace, or the object storage URL); "
      + "loadlab report NAME --run N renders it.")
  public String record;
}
