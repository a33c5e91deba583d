package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A generated dashboard for a valid LoadTest that asks for one ({@code spec.dashboards.generate: true}). */
public class DashboardWanted implements Condition<Object, LoadTest> {
  @Override
  public boolean isMet(DependentResource<Object, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
    var d = lt.getSpec().dashboards;
    return d != null && Boolean.TRUE.equals(d.generate) && lt.getStatus() != null && lt.getStatus().phase != null
        && lt.getStatus().phase != Phase.Invalid;
  }
}
