package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.results.health.RunnerSaturation;
import java.util.stream.Collectors;

/**
 * How a run that was collected ends, from what stopped it and what its results say, first match wins: a runner that
 * failed, went silent or stopped the test (Failed), an abortOnFail threshold (Aborted), a saturated runner (Inconclusive, unless
 * spec.runnerHealth.onSaturated is Report: its figures cannot be trusted either way, so its thresholds decide nothing),
 * then the thresholds (Succeeded or Failed).
 */
record RunVerdict(Phase phase, String reason, String message) {

  /**
   * @param why the reason the run went to Stopping (RunnerFailed, RunnerStoppedTest, ThresholdAborted, ...)
   * @param whyMessage its message
   * @param coverage how many runners the summary covers, said after a runner's failure
   */
  static RunVerdict of(LoadTest lt, LoadTestStatus s, String why, String whyMessage, boolean aborted, String coverage) {
    if ("RunnerFailed".equals(why) || "RunnerStoppedTest".equals(why) || "RunnerUnresponsive".equals(why)) {
      return new RunVerdict(Phase.Failed, why, whyMessage + coverage);
    }
    if (aborted) {
      return new RunVerdict(Phase.Aborted, "ThresholdAborted", whyMessage);
    }
    String failed = s.thresholds.stream().filter(t -> !Boolean.TRUE.equals(t.passed))
        .map(t -> t.metric + " " + t.condition + " (value " + t.value + ")").collect(Collectors.joining(", "));
    if (RunnerSaturation.decides(lt.getSpec().runnerHealth, s.runnerHealth)) {
      return new RunVerdict(Phase.Inconclusive, "RunnerSaturated", "run " + s.run + " is inconclusive: "
          + s.runnerHealth.message + "; thresholds (not judged): " + (failed.isEmpty() ? s.thresholdsPassed + " passed"
          : "failed " + failed));
    }
    String saturated = s.runnerHealth != null && RunnerSaturation.SATURATED.equals(s.runnerHealth.verdict)
        ? " (reported, onSaturated: Report: " + s.runnerHealth.message + ")" : "";
    if (failed.isEmpty()) {
      return new RunVerdict(Phase.Succeeded, "Completed", "run " + s.run + " completed: " + s.summary.requests
          + " requests, " + s.thresholdsPassed + " thresholds passed" + saturated);
    }
    return new RunVerdict(Phase.Failed, "ThresholdsFailed", "thresholds failed: " + failed + saturated);
  }
}
