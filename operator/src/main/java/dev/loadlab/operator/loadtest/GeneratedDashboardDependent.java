package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.dashboards.DashboardConfigMaps;
import dev.loadlab.operator.dashboards.DashboardRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The dashboard of a LoadTest with {@code dashboards.generate: true}: the standard HTTP panels and one panel per
 * custom metric, for the Grafana sidecar. It outlives the run (that is when people look at it) and goes with
 * the LoadTest.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ",app.kubernetes.io/component=dashboard"),
    useSSA = BooleanWithUndefined.FALSE)
public class GeneratedDashboardDependent extends CRUDKubernetesDependentResource<ConfigMap, LoadTest> {
  public GeneratedDashboardDependent() {
    super(ConfigMap.class);
  }

  public static String name(LoadTest lt) {
    return lt.getMetadata().getName() + "-dashboard";
  }

  @Override
  protected ConfigMap desired(LoadTest lt, Context<LoadTest> context) {
    var settings = lt.getSpec().dashboards;
    return DashboardConfigMaps.build(name(lt), lt.getMetadata().getNamespace(), lt.getMetadata().getNamespace(),
        "loadtest-" + lt.getMetadata().getName(), settings == null ? null : settings.folder, Labels.common(lt, "dashboard"),
        DashboardRenderer.forLoadTest(lt), OperatorSettings.fromConfig().grafana());
  }

  /** Which ConfigMap is ours, without rendering (also when the dashboard is no longer wanted and goes). */
  @Override
  protected ResourceID targetSecondaryResourceID(LoadTest lt, Context<LoadTest> context) {
    return new ResourceID(name(lt), lt.getMetadata().getNamespace());
  }
}
