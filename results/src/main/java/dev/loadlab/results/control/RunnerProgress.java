package dev.loadlab.results.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.results.HistogramCodec;
import dev.loadlab.results.Stats;
import dev.loadlab.results.StatsCodec;
import org.HdrHistogram.Histogram;

/**
 * What a runner's {@code GET /progress} says, written by its control API and read by the operator: one record, so the
 * two sides cannot disagree on a key. {@code durations} is the histogram of every request's duration so far (µs,
 * cumulative, compressed on the wire: a few KB), from which the operator merges the runners' exact live percentiles;
 * null before the start. {@code startAt}: the epoch-ms instant the runner was told to start at ({@code POST /start}),
 * null while it has not been told: how the operator sees that a start it asked for was taken, even one asked for by an
 * operator replica that died before it could write so. {@code totals}: everything recorded so far, as in
 * {@code /results} without intervals and traces, only when asked for ({@code GET /progress?totals=true}: what the
 * operator judges abortOnFail thresholds on, merged over the runners, without a second call per poll); else null.
 */
public record RunnerProgress(String state, int runnerIndex, int runnerCount, double plannedSeconds, String stopReason,
    Double elapsedSeconds, long vus, long requests, long failures, long iterations, long droppedIterations,
    Histogram durations, Long startAt, Stats totals) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The runner's states, as the control API names them. */
  public static final String WAITING = "WAITING";
  public static final String FINISHED = "FINISHED";

  /** Without totals (not asked for). */
  public RunnerProgress(String state, int runnerIndex, int runnerCount, double plannedSeconds, String stopReason,
      Double elapsedSeconds, long vus, long requests, long failures, long iterations, long droppedIterations,
      Histogram durations, Long startAt) {
    this(state, runnerIndex, runnerCount, plannedSeconds, stopReason, elapsedSeconds, vus, requests, failures, iterations,
        droppedIterations, durations, startAt, null);
  }

  /** The same answer with the totals. */
  public RunnerProgress withTotals(Stats totals) {
    return new RunnerProgress(state, runnerIndex, runnerCount, plannedSeconds, stopReason, elapsedSeconds, vus, requests,
        failures, iterations, droppedIterations, durations, startAt, totals);
  }

  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode().put("state", state).put("runnerIndex", runnerIndex)
        .put("runnerCount", runnerCount).put("plannedSeconds", plannedSeconds);
    if (stopReason != null) {
      o.put("stopReason", stopReason);
    }
    if (startAt != null) {
      o.put("startAt", startAt);
    }
    if (elapsedSeconds == null) {
      return o;
    }
    o.put("elapsedSeconds", elapsedSeconds).put("vus", vus).put("requests", requests).put("failures", failures)
        .put("iterations", iterations).put("droppedIterations", droppedIterations);
    if (durations != null && durations.getTotalCount() > 0) {
      // this runner's own p95, for a person reading the endpoint; the operator merges the histograms instead
      o.put("p95Ms", durations.getValueAtPercentile(95) / 1000.0);
      o.put("durations", HistogramCodec.encode(durations));
    }
    if (totals != null) {
      StatsCodec.write(o.putObject("totals"), totals, false);
    }
    return o;
  }

  /**
   * Reads an answer; a missing figure is 0 (or null for elapsedSeconds, durations and totals); a corrupt histogram or
   * totals throw IllegalArgumentException.
   */
  public static RunnerProgress fromJson(JsonNode b) {
    return new RunnerProgress(b.path("state").asText(""), b.path("runnerIndex").asInt(0), b.path("runnerCount").asInt(0),
        b.path("plannedSeconds").asDouble(0), b.hasNonNull("stopReason") ? b.get("stopReason").asText() : null,
        b.hasNonNull("elapsedSeconds") ? b.get("elapsedSeconds").asDouble() : null, b.path("vus").asLong(0),
        b.path("requests").asLong(0), b.path("failures").asLong(0), b.path("iterations").asLong(0),
        b.path("droppedIterations").asLong(0),
        b.hasNonNull("durations") ? HistogramCodec.histogram(b.get("durations").asText()) : null,
        b.hasNonNull("startAt") ? b.get("startAt").asLong() : null,
        b.path("totals").isObject() ? StatsCodec.read(b.get("totals")) : null);
  }
}
