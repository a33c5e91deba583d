package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Progress;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.Baselines;
import dev.loadlab.results.health.RunnerSaturation;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The figures a run's status shows: live ones merged from the runners' progress, final ones from their results. */
final class RunFigures {
  private RunFigures() {
  }

  /**
   * Live figures: sums over runners, and the p95 of every runner's requests together (their duration histograms
   * merged), as exact as the final one. Runners that did not answer count as none this poll.
   */
  static Progress live(Progress previous, List<RunnerReport> reports) {
    var p = new Progress();
    double elapsed = 0;
    double planned = 0;
    long requests = 0;
    long failures = 0;
    long iterations = 0;
    long vus = 0;
    var durations = new Histogram(3); // auto-resizing, as the runners record
    for (var r : reports) {
      var b = r.progress();
      if (b == null) {
        continue;
      }
      elapsed = Math.max(elapsed, b.elapsedSeconds() == null ? 0 : b.elapsedSeconds());
      planned = Math.max(planned, b.plannedSeconds());
      requests += b.requests();
      failures += b.failures();
      iterations += b.iterations();
      vus += b.vus();
      if (b.durations() != null) {
        durations.add(b.durations());
      }
    }
    p.elapsedSeconds = round(elapsed);
    p.percent = planned > 0 ? round(Math.min(100, 100 * elapsed / planned)) : null;
    p.requests = requests;
    p.iterations = iterations;
    p.vus = vus;
    p.errors = percent(failures, requests);
    p.p95 = durations.getTotalCount() == 0 ? null : millis(durations.getValueAtPercentile(95) / 1000.0);
    if (previous != null && previous.elapsedSeconds != null && previous.requests != null && elapsed > previous.elapsedSeconds) {
      p.rps = round((requests - previous.requests) / (elapsed - previous.elapsedSeconds));
    } else {
      p.rps = elapsed > 0 ? round(requests / elapsed) : 0.0;
    }
    return p;
  }

  /** The collected results into status.summary, thresholds, runnerHealth and the final progress. */
  static void collected(LoadTest lt, LoadTestStatus s, MergedResults merged, Baselines baselines) {
    if (merged.runners() == 0) {
      return;
    }
    var aborted = s.thresholds;
    s.summary = merged.summary(lt.getSpec());
    s.thresholds = merged.thresholds(lt.getSpec(), baselines);
    if (aborted != null) {
      for (int i = 0; i < Math.min(aborted.size(), s.thresholds.size()); i++) {
        s.thresholds.get(i).aborted = aborted.get(i).aborted;
      }
    }
    s.thresholdsPassed = s.thresholds.stream().filter(t -> Boolean.TRUE.equals(t.passed)).count() + "/" + s.thresholds.size();
    s.runnerHealth = RunnerSaturation.judge(lt.getSpec().runnerHealth, merged.health(), RunnerSaturation.Where.CLUSTER);
    var p = s.progress == null ? new Progress() : s.progress;
    p.requests = s.summary.requests;
    p.iterations = s.summary.iterations;
    p.rps = s.summary.rps;
    p.p95 = s.summary.latency == null ? null : millis(s.summary.latency.p95);
    p.errors = percent(s.summary.failures, s.summary.requests);
    p.elapsedSeconds = s.summary.durationSeconds;
    p.vus = 0L;
    s.progress = p;
  }

  static String millis(Double ms) {
    if (ms == null) {
      return null;
    }
    return ms >= 1000 ? String.format(Locale.ROOT, "%.2fs", ms / 1000) : String.format(Locale.ROOT, "%.1fms", ms);
  }

  static String percent(Long failures, Long requests) {
    if (requests == null || requests == 0) {
      return "0%";
    }
    return String.format(Locale.ROOT, "%.2f%%", 100.0 * (failures == null ? 0 : failures) / requests);
  }

  static String seconds(java.time.Duration d) {
    return d.toSeconds() + "s";
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
