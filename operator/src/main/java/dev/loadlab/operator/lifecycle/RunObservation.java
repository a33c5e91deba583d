package dev.loadlab.operator.lifecycle;

import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.Baselines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one reconciliation saw of a run: plain values a phase decides from.
 *
 * @param pods this run's runner pods (not being deleted), by runner index
 * @param podsCreated when the first of this run's pods was created (null: none yet)
 * @param reports the runners' {@code /progress} answers (empty when the phase does not poll)
 * @param stoppingFor how long the run has been in Stopping, by this operator's clock
 * @param totals the totals the runners sent with their {@code /progress}, merged: in Running while an abortOnFail
 *     threshold is due (else null)
 * @param results the runners' full results merged: in Stopping once every runner finished (or the stopping deadline
 *     passed), and for an ended run whose record must be written again (else null)
 * @param baselines the earlier runs that baseline thresholds compare with (read on first use)
 */
public record RunObservation(Instant now, List<RunnerPodState> pods, Instant podsCreated, List<RunnerReport> reports,
    Duration stoppingFor, MergedResults totals, MergedResults results, Baselines baselines) {

  /** Only the pods: for phases that do not ask the runners. */
  public static RunObservation ofPods(Instant now, List<RunnerPodState> pods, Instant podsCreated) {
    return new RunObservation(now, pods, podsCreated, List.of(), Duration.ZERO, null, null, Baselines.NONE);
  }

  public RunObservation withReports(List<RunnerReport> reports) {
    return new RunObservation(now, pods, podsCreated, reports, stoppingFor, totals, results, baselines);
  }

  /** Pods that can be talked to: with an address, not failed. */
  public List<RunnerPodState> live() {
    return live(pods);
  }

  static List<RunnerPodState> live(List<RunnerPodState> pods) {
    return pods.stream().filter(p -> p.ip() != null && p.failure() == null).toList();
  }

  public long ready() {
    return pods.stream().filter(RunnerPodState::ready).count();
  }
}
