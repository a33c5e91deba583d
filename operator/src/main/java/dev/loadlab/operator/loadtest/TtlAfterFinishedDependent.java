package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code spec.cleanup.ttlSecondsAfterFinished}: once that long has passed since the run ended, the LoadTest deletes
 * itself (its pods, records and ConfigMaps go by garbage collection), as a Job does. The reconciler looks again when
 * the time comes ({@link #left}).
 */
public final class TtlAfterFinishedDependent extends OneWayDependent<LoadTest> {
  /** The run ended more than ttlSecondsAfterFinished ago. */
  public static class Expired implements Condition<LoadTest, LoadTest> {
    @Override
    public boolean isMet(DependentResource<LoadTest, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      Duration left = left(lt, lt.getStatus(), Instant.now());
      return left != null && (left.isNegative() || left.isZero());
    }
  }

  /** How long until the LoadTest goes (zero or less: it is due), null if it does not. */
  static Duration left(LoadTest lt, LoadTestStatus s, Instant now) {
    var cleanup = lt.getSpec() == null ? null : lt.getSpec().cleanup;
    if (cleanup == null || cleanup.ttlSecondsAfterFinished == null || s == null || s.endTime == null) {
      return null;
    }
    return Duration.between(now, Instant.parse(s.endTime).plusSeconds(cleanup.ttlSecondsAfterFinished));
  }

  public TtlAfterFinishedDependent() {
    super(LoadTest.class);
  }

  @Override
  public ReconcileResult<LoadTest> reconcile(LoadTest lt, Context<LoadTest> context) {
    context.getClient().resource(lt).delete();
    return ReconcileResult.noOperation(null);
  }
}
