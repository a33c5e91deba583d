package dev.loadlab.operator.runners;

import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loadlab.results.IntervalMerge;
import dev.loadlab.results.ResultsCodec;
import dev.loadlab.results.Stats;
import dev.loadlab.results.SummaryBuilder;
import dev.loadlab.results.ThresholdEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every runner's {@code /results} added into one: histograms are added (exact global percentiles, never
 * averages of percentiles), counters summed. The run's time span is from the earliest start to the latest end.
 * The runners' intervals and traces are kept as they came, for a run record: {@link #intervals()} merges them.
 *
 * @param collected the pods whose results are in
 * @param byRunner each collected pod's own figures, lean ({@link Stats#addLean}): for figures per region
 * @param health each collected pod's health figures (event-loop lag, CPU, GC), as it reported them
 */
public record MergedResults(Stats stats, double seconds, int runners, List<String> missing, List<String> collected,
    List<JsonNode> runnerIntervals, List<JsonNode> runnerTraces, Map<String, Stats> byRunner, Map<String, JsonNode> health) {

  /** Nothing collected: a run that ended before any runner ran. */
  public static MergedResults none() {
    return new MergedResults(new Stats(), 0, 0, List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());
  }

  /** The runners' intervals added up: interval k of every runner covers the same span ({@link IntervalMerge}). */
  public ArrayNode intervals() {
    return IntervalMerge.merge(runnerIntervals);
  }

  /**
   * The runners' traces, at most {@code max} of them taken in turn from each runner, so that every runner (and so
   * every share of the load) is represented; each runner already kept at most that many of its own.
   */
  public ArrayNode traces(int max) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; out.size() < max; i++) {
      boolean any = false;
      for (JsonNode t : runnerTraces) {
        if (i < t.size() && out.size() < max) {
          out.add(t.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }

  /**
   * The totals the runners sent with their progress ({@code GET /progress?totals=true}), by pod, added up: what
   * abortOnFail is judged on while the run goes on, over {@code seconds} since the start.
   */
  public static MergedResults live(Map<String, Stats> totalsByPod, double seconds) {
    var stats = new Stats();
    totalsByPod.values().forEach(stats::add);
    return new MergedResults(stats, seconds, totalsByPod.size(), List.of(), List.copyOf(totalsByPod.keySet()), List.of(),
        List.of(), Map.of(), Map.of());
  }

  public static MergedResults of(List<RunnerControl.Answer> answers) {
    var stats = new Stats();
    var collected = new ArrayList<String>();
    var intervals = new ArrayList<JsonNode>();
    var traces = new ArrayList<JsonNode>();
    var byRunner = new java.util.HashMap<String, Stats>();
    var health = new java.util.HashMap<String, JsonNode>();
    long start = Long.MAX_VALUE;
    long end = 0;
    int merged = 0;
    var missing = new ArrayList<String>();
    for (var a : answers) {
      if (!a.ok()) {
        missing.add(a.runner().pod() + " (" + (a.error() != null ? a.error() : "HTTP " + a.status()) + ")");
        continue;
      }
      try {
        Stats own = ResultsCodec.decode(a.body());
        stats.add(own);
        var lean = new Stats();
        lean.addLean(own);
        byRunner.put(a.runner().pod(), lean);
        if (a.body().path("health").isObject()) {
          health.put(a.runner().pod(), a.body().path("health"));
        }
        intervals.add(ResultsCodec.intervals(a.body()));
        traces.add(a.body().path("traces"));
        collected.add(a.runner().pod());
      } catch (RuntimeException e) {
        missing.add(a.runner().pod() + " (unreadable results: " + e.getMessage() + ")");
        continue;
      }
      merged++;
      long s = a.body().path("startedAt").asLong(0);
      long e = a.body().path("endedAt").asLong(0);
      if (s > 0) {
        start = Math.min(start, s);
      }
      end = Math.max(end, e > 0 ? e : System.currentTimeMillis());
    }
    double seconds = start == Long.MAX_VALUE || end <= start ? 0 : (end - start) / 1000.0;
    return new MergedResults(stats, seconds, merged, List.copyOf(missing), List.copyOf(collected), intervals, traces, byRunner, health);
  }

  public Summary summary(LoadTestSpec spec) {
    List<Double> percentiles = spec.metrics == null || spec.metrics.percentiles == null ? List.of() : spec.metrics.percentiles;
    return SummaryBuilder.build(stats, seconds, percentiles, spec.metricNamespaces());
  }

  public List<ThresholdResult> thresholds(LoadTestSpec spec, dev.loadlab.results.Baselines baselines) {
    List<Threshold> thresholds = spec.thresholds == null ? List.of() : spec.thresholds;
    String interval = spec.metrics == null || spec.metrics.interval == null ? "10s" : spec.metrics.interval;
    return ThresholdEvaluator.evaluate(dev.loadlab.results.ScenarioRamps.resolve(spec, thresholds), stats, seconds, this::intervals,
        dev.loadlab.api.validation.Durations.parse(interval).toMillis() / 1000.0, baselines);
  }
}
