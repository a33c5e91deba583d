package dev.loadlab.runner.cli;

import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.runner.LoadRun;
import dev.loadlab.results.ThresholdEvaluator;
import java.util.List;

/** Evaluates the abortOnFail thresholds while the test runs (after their delayAbortEval) and stops it on the first failure. */
final class AbortWatch {
  private final List<Threshold> thresholds;
  private final LoadRun run;
  private Integer abortedBy;

  AbortWatch(List<Threshold> thresholds, LoadRun run) {
    this.thresholds = thresholds;
    this.run = run;
  }

  void check() {
    if (abortedBy != null || thresholds.stream().noneMatch(t -> Boolean.TRUE.equals(t.abortOnFail))) {
      return;
    }
    long elapsed = System.nanoTime() - run.startNanos();
    var stats = run.snapshot();
    var results = ThresholdEvaluator.evaluate(thresholds, stats, elapsed / 1e9);
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      boolean due = Boolean.TRUE.equals(t.abortOnFail)
          && elapsed >= (t.delayAbortEval == null ? 0 : Durations.parse(t.delayAbortEval).toNanos());
      // Without samples yet there is nothing to judge: wait for some rather than abort on an empty run.
      if (due && results.get(i).value != null && !results.get(i).passed) {
        abortedBy = i;
        run.stop();
        return;
      }
    }
  }

  /** Index of the threshold that aborted the test, or null. */
  Integer abortedBy() {
    return abortedBy;
  }
}
