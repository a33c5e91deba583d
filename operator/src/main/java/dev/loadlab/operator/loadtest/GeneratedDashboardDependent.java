package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.grafana.DashboardConfigMaps;
import dev.loadlab.operator.grafana.DashboardRenderer;
import dev.loadlab.operator.grafana.DashboardWriter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard of a LoadTest (unless {@code dashboards.generate: false}): the standard HTTP panels and one panel per
 * custom metric, in a ConfigMap for the Grafana sidecar, in the LoadTest's namespace or Grafana's
 * ({@code spec.dashboards.namespace}, else the operator's Grafana namespace). It outlives the run (that is when people
 * look at it) and goes with the LoadTest; an invalid edit keeps the last one written. A ConfigMap deleted or edited by
 * hand is put back at once (it is watched).
 */
public final class GeneratedDashboardDependent extends DashboardDependent<ConfigMap> {
  /** What was rendered for a LoadTest (by uid), and for which generation: a running test is reconciled every poll. */
  private record Rendered(Long generation, OperatorSettings.Grafana grafana, ConfigMap configMap) {
  }

  private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

  public GeneratedDashboardDependent() {
    super(ConfigMap.class);
  }

  static boolean wanted(LoadTest lt) {
    var d = lt.getSpec() == null ? null : lt.getSpec().dashboards;
    return d == null || d.generate == null || d.generate;
  }

  @Override
  ConfigMap fresh(LoadTest lt) {
    return render(lt, OperatorSettings.fromConfig().grafana());
  }

  /**
   * The ConfigMap for {@code lt}, rendered again only when its spec (generation) or the Grafana settings changed.
   *
   * @throws dev.loadlab.operator.grafana.InvalidDashboardException when spec.dashboards names a namespace the operator
   *     does not write to, or the dashboard cannot be made
   */
  static ConfigMap render(LoadTest lt, OperatorSettings.Grafana grafana) {
    String uid = lt.getMetadata().getUid();
    Rendered last = uid == null ? null : RENDERED.get(uid);
    if (last != null && Objects.equals(last.generation(), lt.getMetadata().getGeneration()) && last.grafana().equals(grafana)) {
      return new ConfigMapBuilder(last.configMap()).build();
    }
    var settings = lt.getSpec().dashboards;
    String target = DashboardWriter.targetNamespace(lt, settings == null ? null : settings.namespace, "spec.dashboards.namespace",
        grafana);
    String base = DashboardConfigMaps.dashboardName(lt.getMetadata().getName());
    var cm = DashboardConfigMaps.build(DashboardWriter.configMapName(lt, base, target), target, lt.getMetadata().getNamespace(),
        "loadtest_" + lt.getMetadata().getName(), settings == null ? null : settings.folder, Labels.common(lt, "dashboard"),
        DashboardRenderer.forLoadTest(lt), grafana);
    if (uid != null) {
      RENDERED.put(uid, new Rendered(lt.getMetadata().getGeneration(), grafana, cm));
    }
    return new ConfigMapBuilder(cm).build();
  }

  /** The LoadTest is gone (or generates no dashboard): nothing of it kept. */
  static void forget(LoadTest lt) {
    if (lt.getMetadata().getUid() != null) {
      RENDERED.remove(lt.getMetadata().getUid());
    }
  }

  /** Where the dashboard is, as namespace/name (null: none). */
  static String where(LoadTest lt, Context<LoadTest> context) {
    if (!wanted(lt)) {
      return null; // deleted by the workflow just now
    }
    return context.getSecondaryResource(ConfigMap.class, "dashboard")
        .map(cm -> cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName()).orElse(null);
  }
}
