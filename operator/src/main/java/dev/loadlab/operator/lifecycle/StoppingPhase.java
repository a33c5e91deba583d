package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import java.time.Duration;

/**
 * Stopping: waits until every runner still there says FINISHED (a stopped runner takes a moment to interrupt its
 * iterations), then merges their results into the summary and thresholds and ends the run with its verdict
 * ({@link RunVerdict}). Past {@code unresponsiveAfter} in Stopping it ends with what it could collect, naming the
 * runners whose results are missing.
 */
final class StoppingPhase {
  private final Duration unresponsiveAfter;

  StoppingPhase(Duration unresponsiveAfter) {
    this.unresponsiveAfter = unresponsiveAfter;
  }

  void decide(LoadTest lt, RunObservation o, Decision d) {
    var s = d.status();
    boolean late = o.stoppingFor().compareTo(unresponsiveAfter) > 0;
    var merged = o.results();
    if (merged == null || !merged.missing().isEmpty() && !late) {
      return; // still finishing, or some results not in yet
    }
    boolean aborted = s.thresholds != null && s.thresholds.stream().anyMatch(t -> Boolean.TRUE.equals(t.aborted));
    String why = s.reason;
    String whyMessage = s.message;
    RunFigures.collected(lt, s, merged, o.baselines());
    String coverage = "; the summary covers " + merged.runners() + " of " + s.totalRunners + " runner(s)";
    if (merged.runners() == 0) {
      d.finish(Phase.Failed, "ResultsLost", "no runner is left to collect results from (every runner pod is gone or "
          + "failed)" + (merged.missing().isEmpty() ? "" : ": " + String.join(", ", merged.missing())), merged);
      return;
    }
    if (!merged.missing().isEmpty()) {
      d.finish(Phase.Failed, "ResultsLost", "no results from " + String.join(", ", merged.missing()) + coverage, merged);
      return;
    }
    var verdict = RunVerdict.of(lt, s, why, whyMessage, aborted, coverage);
    d.finish(verdict.phase(), verdict.reason(), verdict.message(), merged);
  }
}
