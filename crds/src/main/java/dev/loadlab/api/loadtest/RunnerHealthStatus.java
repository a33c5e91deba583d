package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Whether the runners could keep up, judged against spec.runnerHealth. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerHealthStatus {
  @JsonPropertyDescription("Healthy (every runner stayed within spec.runnerHealth), Saturated (at least one did not: "
      + "its figures may show its own delay rather than the target's) or Unknown (no runner reported its figures).")
  public String verdict;

  @JsonPropertyDescription("Which runner went past which limit, and what to do about it.")
  public String message;

  @JsonPropertyDescription("Each runner's figures over the run.")
  public List<RunnerHealthResult> runners;

  /** One runner's figures. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunnerHealthResult {
    @JsonPropertyDescription("The runner pod (\"local\" for loadlab run).")
    public String runner;

    @JsonPropertyDescription("99th percentile of how late a 100 ms timer fired on its event loops, in milliseconds.")
    public Double eventLoopLagMs;

    @JsonPropertyDescription("Average CPU over the run, in percent of its CPU limit (or of its cores).")
    public Double cpuPercent;

    @JsonPropertyDescription("The CPU it could use, in cores: its CPU limit, or its cores when it has none.")
    public Double cpuCores;

    @JsonPropertyDescription("Share of the run spent in garbage-collection pauses, in percent.")
    public Double gcPausePercent;

    @JsonPropertyDescription("Share of the requests' time spent waiting past their scheduled start, in percent.")
    public Double blockedPercent;

    @JsonPropertyDescription("Share of the iterations asked for that were dropped, in percent.")
    public Double droppedIterationsPercent;

    @JsonPropertyDescription("The figures past their limit: eventLoopLag, cpu, gcPause, blocked, droppedIterations.")
    public List<String> exceeded;
  }
}
