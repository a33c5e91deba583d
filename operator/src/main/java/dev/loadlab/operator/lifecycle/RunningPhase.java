package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import java.time.Duration;
import java.util.List;

/**
 * Running: every poll, the runners' progress merged into {@code status.progress}; the run goes to Stopping, first match
 * wins, when a runner pod fails or vanishes (the others are stopped), a runner has not answered for
 * {@code unresponsiveAfter} (the others are stopped, it is released), a runner stopped the test, every runner finished,
 * or an abortOnFail threshold fails over the merged totals (every runner is stopped).
 */
final class RunningPhase {
  private final Duration unresponsiveAfter;

  RunningPhase(Duration unresponsiveAfter) {
    this.unresponsiveAfter = unresponsiveAfter;
  }

  void decide(LoadTest lt, RunObservation o, Decision d) {
    var s = d.status();
    var pods = o.pods();
    String lost = pods.stream().filter(p -> p.failure() != null).map(p -> "runner pod " + p.name() + " " + p.failure())
        .findFirst().orElse(null);
    if (lost == null && pods.size() < s.totalRunners) {
      lost = (s.totalRunners - pods.size()) + " runner pod(s) were deleted during the run";
    }
    if (lost != null) {
      d.act(new RunAction.Stop(o.live()));
      d.move(Phase.Stopping, "RunnerFailed", lost, true);
      return;
    }
    var silent = o.reports().stream().filter(r -> !r.answered() && r.silentFor().compareTo(unresponsiveAfter) > 0).findFirst();
    if (silent.isPresent()) {
      var pod = silent.get().pod();
      d.act(new RunAction.Stop(o.live().stream().filter(p -> !p.equals(pod)).toList()));
      d.act(new RunAction.Release(List.of(pod)));
      d.move(Phase.Stopping, "RunnerUnresponsive", "runner pod " + pod.name() + " has not answered for "
          + RunFigures.seconds(unresponsiveAfter) + " (" + silent.get().error() + ")", true);
      return;
    }
    s.progress = RunFigures.live(s.progress, o.reports());
    s.readyRunners = (int) o.ready();
    s.runners = s.readyRunners + "/" + s.totalRunners;
    var stopped = o.reports().stream().filter(r -> r.answered() && r.progress().stopReason() != null).findFirst();
    if (stopped.isPresent()) {
      d.act(new RunAction.Stop(o.live()));
      d.move(Phase.Stopping, "RunnerStoppedTest", "runner " + stopped.get().pod().name() + " stopped the test: "
          + stopped.get().progress().stopReason(), true);
      return;
    }
    if (!o.reports().isEmpty() && o.reports().stream().allMatch(RunnerReport::finished)) {
      d.move(Phase.Stopping, "CollectingResults", "every runner finished; collecting results", false);
      return;
    }
    abortOnFail(lt, o, d);
  }

  /** abortOnFail is judged over all runners' merged totals, once each threshold's delayAbortEval is over. */
  private static void abortOnFail(LoadTest lt, RunObservation o, Decision d) {
    if (o.totals() == null) {
      return;
    }
    var s = d.status();
    List<Threshold> thresholds = AbortOnFail.thresholds(lt);
    double elapsed = s.progress.elapsedSeconds == null ? 0 : s.progress.elapsedSeconds;
    List<ThresholdResult> results = o.totals().thresholds(lt.getSpec(), o.baselines());
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      var r = results.get(i);
      // No sample yet is not a failure worth aborting for: the value is unknown, not bad.
      if (AbortOnFail.judged(t, elapsed) && r.value != null && !r.value.isNaN() && !r.passed) {
        d.act(new RunAction.Stop(o.live()));
        s.thresholds = results;
        r.aborted = true;
        d.move(Phase.Stopping, "ThresholdAborted", "threshold " + t.metric + " " + t.condition + " failed with "
            + r.value + " (abortOnFail): stopping every runner", true);
        return;
      }
    }
  }
}
