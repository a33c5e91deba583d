package dev.loadlab.operator.lifecycle;

import dev.loadlab.results.control.RunnerProgress;
import java.time.Duration;

/**
 * One runner's answer to {@code GET /progress}, typed: its progress, or why there is none and for how long it has not
 * answered.
 */
public record RunnerReport(RunnerPodState pod, RunnerProgress progress, String error, Duration silentFor) {
  public static RunnerReport of(RunnerPodState pod, RunnerProgress progress) {
    return new RunnerReport(pod, progress, null, Duration.ZERO);
  }

  public static RunnerReport silent(RunnerPodState pod, String error, Duration silentFor) {
    return new RunnerReport(pod, null, error, silentFor);
  }

  public boolean answered() {
    return progress != null;
  }

  public boolean finished() {
    return progress != null && RunnerProgress.FINISHED.equals(progress.state());
  }

  /** The runner took a start: it was told when, or it is past waiting. */
  public boolean startTaken() {
    return progress != null && (progress.startAt() != null || !RunnerProgress.WAITING.equals(progress.state()));
  }
}
