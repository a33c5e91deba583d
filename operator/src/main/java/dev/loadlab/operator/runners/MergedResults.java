package dev.loadlab.operator.runners;

import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.results.ResultsCodec;
import dev.loadlab.results.Stats;
import dev.loadlab.results.SummaryBuilder;
import dev.loadlab.results.ThresholdEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Every runner's {@code /results} added into one: histograms are added (exact global percentiles, never
 * averages of percentiles), counters summed. The run's time span is from the earliest start to the latest end.
 */
public record MergedResults(Stats stats, double seconds, int runners, List<String> missing) {

  public static MergedResults of(List<RunnerControl.Answer> answers) {
    var stats = new Stats();
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
        stats.add(ResultsCodec.decode(a.body()));
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
    return new MergedResults(stats, seconds, merged, List.copyOf(missing));
  }

  public Summary summary(LoadTestSpec spec) {
    List<Double> percentiles = spec.metrics == null || spec.metrics.percentiles == null ? List.of() : spec.metrics.percentiles;
    return SummaryBuilder.build(stats, seconds, percentiles, spec.metricNamespaces());
  }

  public List<ThresholdResult> thresholds(LoadTestSpec spec) {
    List<Threshold> thresholds = spec.thresholds == null ? List.of() : spec.thresholds;
    return ThresholdEvaluator.evaluate(thresholds, stats, seconds);
  }
}
