package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.grafana.DashboardWriter;
import dev.loadlab.operator.grafana.GrafanaDashboard;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.time.Duration;

/**
 * With grafana-operator configured (Helm value {@code grafana.grafanaOperator.instanceSelector}) and its CRD installed:
 * the GrafanaDashboard that has it import the generated dashboard's ConfigMap, beside it, under the same rules.
 */
public final class GeneratedGrafanaDashboardDependent extends DashboardDependent<GrafanaDashboard> {
  public GeneratedGrafanaDashboardDependent() {
    super(GrafanaDashboard.class);
  }

  /** grafana-operator configured and its CRD installed (checked every 30 s while it is not: no restart needed). */
  public static class Installed extends CRDPresentActivationCondition<GrafanaDashboard, LoadTest> {
    public Installed() {
      super(Integer.MAX_VALUE, Duration.ofSeconds(30));
    }

    // Settings are read when asked, not when built: the operator SDK makes conditions at build time as well.
    @Override
    public boolean isMet(DependentResource<GrafanaDashboard, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      return OperatorSettings.fromConfig().grafana().grafanaOperator() && super.isMet(dependent, lt, context);
    }
  }

  @Override
  GrafanaDashboard fresh(LoadTest lt) {
    var grafana = OperatorSettings.fromConfig().grafana();
    var configMap = GeneratedDashboardDependent.render(lt, grafana);
    var gd = new GrafanaDashboard();
    gd.setMetadata(new ObjectMetaBuilder().withName(configMap.getMetadata().getName())
        .withNamespace(configMap.getMetadata().getNamespace()).withLabels(configMap.getMetadata().getLabels()).build());
    gd.setSpec(DashboardWriter.grafanaDashboardSpec(configMap, grafana));
    return gd;
  }
}
