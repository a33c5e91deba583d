package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.validation.Durations;
import java.util.List;

/** Which abortOnFail thresholds are judged yet: those whose delayAbortEval is over. */
final class AbortOnFail {
  private AbortOnFail() {
  }

  static List<Threshold> thresholds(LoadTest lt) {
    return lt.getSpec().thresholds == null ? List.of() : lt.getSpec().thresholds;
  }

  static boolean judged(Threshold t, double elapsedSeconds) {
    return Boolean.TRUE.equals(t.abortOnFail)
        && elapsedSeconds >= (t.delayAbortEval == null ? 0 : Durations.parse(t.delayAbortEval).toSeconds());
  }

  /** Whether any threshold is judged at this point of the run: only then are the runners' totals read. */
  static boolean due(LoadTest lt, double elapsedSeconds) {
    return thresholds(lt).stream().anyMatch(t -> judged(t, elapsedSeconds));
  }
}
