package dev.loadlab.operator.dashboard;

import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.dashboards.DashboardConfigMaps;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The ConfigMap the Grafana sidecar imports, owned by the Dashboard: deleting the Dashboard removes it. */
@KubernetesDependent(informer = @Informer(labelSelector = DashboardReconciler.SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public class DashboardConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, Dashboard> {
  public DashboardConfigMapDependent() {
    super(ConfigMap.class);
  }

  public static String name(Dashboard d) {
    return d.getMetadata().getName() + "-dashboard";
  }

  @Override
  protected ConfigMap desired(Dashboard d, Context<Dashboard> context) {
    String ns = d.getMetadata().getNamespace();
    return DashboardConfigMaps.build(name(d), ns, ns, d.getMetadata().getName(), d.getSpec().folder,
        Map.of("app.kubernetes.io/name", "loadlab-dashboard", "app.kubernetes.io/instance", d.getMetadata().getName(),
            "app.kubernetes.io/part-of", "loadlab", "app.kubernetes.io/managed-by", "loadlab-operator",
            "loadlab.dev/dashboard", d.getMetadata().getName()),
        DashboardReconciler.render(d, context), OperatorSettings.fromConfig().grafana());
  }

  /** Which ConfigMap is ours, without rendering: an invalid dashboard's stale ConfigMap must still be found to go. */
  @Override
  protected ResourceID targetSecondaryResourceID(Dashboard d, Context<Dashboard> context) {
    return new ResourceID(name(d), d.getMetadata().getNamespace());
  }
}
