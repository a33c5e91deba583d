package dev.loadlab.operator.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * An ended run (Succeeded, Failed, Aborted, Inconclusive) keeps its runners serving their final figures for
 * {@code loadlab.runner.final-scrape} after it ended, so that Prometheus scrapes them once more (a PodMonitor drops
 * pods that are gone or no longer Running); then they are released. A record that could not be written (or an operator
 * that stopped before writing it) is made again from the runners' results before they go. Decided from the end time
 * and the pods, so an operator restarted meanwhile does the same.
 */
final class EndedPhase {
  private final Duration finalScrape;

  EndedPhase(Duration finalScrape) {
    this.finalScrape = finalScrape;
  }

  /** When the runners may go: null if the run never started. */
  Instant releaseAt(dev.loadlab.api.loadtest.LoadTestStatus s) {
    return s.startTime == null || s.endTime == null ? null : Instant.parse(s.endTime).plus(finalScrape);
  }

  boolean releasing(dev.loadlab.api.loadtest.LoadTestStatus s, Instant now) {
    Instant at = releaseAt(s);
    return s.run != null && at != null && !now.isBefore(at);
  }

  void decide(RunObservation o, Decision d) {
    if (!releasing(d.status(), o.now()) || o.live().isEmpty()) {
      return;
    }
    if (o.results() != null && o.results().runners() > 0) {
      d.rerecord(o.results());
    }
    d.act(new RunAction.Release(o.live()));
  }

  /** Whether the record is to be made again from the runners before they are released. */
  static boolean recordMissing(dev.loadlab.api.loadtest.LoadTestStatus s) {
    return s.record == null || s.record.error != null;
  }
}
