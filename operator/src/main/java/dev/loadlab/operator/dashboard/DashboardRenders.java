package dev.loadlab.operator.dashboard;

import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.operator.dashboards.InvalidDashboardException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A ConfigMap only for a dashboard that renders; an invalid one keeps no stale ConfigMap either. */
public class DashboardRenders implements Condition<Object, Dashboard> {
  @Override
  public boolean isMet(DependentResource<Object, Dashboard> dependent, Dashboard d, Context<Dashboard> context) {
    try {
      DashboardReconciler.render(d, context);
      return true;
    } catch (InvalidDashboardException e) {
      return false;
    }
  }
}
