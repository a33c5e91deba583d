package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.kubernetes.api.model.Event;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Kubernetes Events of a LoadTest's phase changes ({@link LoadTestEvents}), as the reconciler left them in the
 * {@link RunOutbox}; what {@code kubectl describe lt} shows. Events are never deleted here: the API server expires them.
 */
public final class RunEventsDependent extends OneWayDependent<Event> {
  /** Phase changes are waiting to be announced. */
  public static class Due implements Condition<Event, LoadTest> {
    @Override
    public boolean isMet(DependentResource<Event, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      return RunOutbox.announcing(lt);
    }
  }

  public RunEventsDependent() {
    super(Event.class);
  }

  @Override
  public ReconcileResult<Event> reconcile(LoadTest lt, Context<LoadTest> context) {
    for (var t : RunOutbox.takeAnnouncements(lt)) {
      LoadTestEvents.record(context.getClient(), lt, t);
    }
    return ReconcileResult.noOperation(null);
  }
}
