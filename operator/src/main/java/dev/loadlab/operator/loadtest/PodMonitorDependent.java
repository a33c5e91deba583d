package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PodMonitor for the runners, when the Prometheus Operator is installed: a workflow dependent, activated only while
 * the PodMonitor CRD exists ({@link Installed}; JOSDK registers a dependent's informer only once its activation
 * condition holds, so an operator without the Prometheus Operator starts and works), declared while runners are wanted.
 * Its labels are those the cluster's {@code Prometheus} resources select PodMonitorDependent on (kube-prometheus-stack selects
 * on its per-install {@code release} label), plus the operator's configured ones. The relabelings turn the pod labels
 * into the {@code loadtest}, {@code runner} and {@code region} labels of every series.
 */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public final class PodMonitorDependent extends CRUDKubernetesDependentResource<PodMonitor, LoadTest> {
  public PodMonitorDependent() {
    super(PodMonitor.class);
  }

  /**
   * The Prometheus Operator's CRD is installed: checked every 30 s for as long as it is not (the SDK's default gives up
   * after ten checks), so installing the Prometheus Operator later needs no restart.
   */
  public static class Installed extends CRDPresentActivationCondition<PodMonitor, LoadTest> {
    public Installed() {
      super(Integer.MAX_VALUE, Duration.ofSeconds(30));
    }
  }

  @Override
  protected PodMonitor desired(LoadTest lt, Context<LoadTest> context) {
    var labels = new TreeMap<>(selectedLabels(context.getClient()));
    labels.putAll(OperatorSettings.fromConfig().podMonitorLabels());
    return build(lt, labels);
  }

  /** The PodMonitor's name when the workflow keeps one (null: no Prometheus Operator, or no runners wanted). */
  static String name(Context<LoadTest> context) {
    try {
      return context.getSecondaryResource(PodMonitor.class).map(pm -> pm.getMetadata().getName()).orElse(null);
    } catch (RuntimeException notActive) {
      return null; // the dependent is not active: its informer does not exist
    }
  }

  static PodMonitor build(LoadTest lt, Map<String, String> extraLabels) {
    var labels = new LinkedHashMap<>(extraLabels);
    labels.putAll(Labels.common(lt, "runner"));
    var pm = new PodMonitor();
    pm.setMetadata(new ObjectMetaBuilder().withName(lt.getMetadata().getName() + "-runners")
        .withNamespace(lt.getMetadata().getNamespace()).withLabels(labels).build());
    pm.setSpec(Map.of(
        "selector", Map.of("matchLabels", Map.of(Labels.LOADTEST, lt.getMetadata().getName(), Labels.MANAGED_BY, Labels.OPERATOR)),
        "podMetricsEndpoints", List.of(Map.of(
            "port", "metrics",
            "path", "/metrics",
            "interval", "5s",
            "relabelings", List.of(
                relabel("__meta_kubernetes_pod_label_loadlab_dev_loadtest", "loadtest"),
                relabel("__meta_kubernetes_pod_label_loadlab_dev_runner", "runner"),
                relabel("__meta_kubernetes_pod_label_loadlab_dev_region", "region"),
                relabel("__meta_kubernetes_pod_label_loadlab_dev_run", "run"))))));
    return pm;
  }

  private static Map<String, Object> relabel(String source, String target) {
    return Map.of("sourceLabels", List.of(source), "targetLabel", target, "action", "replace");
  }

  private static volatile Map<String, String> selected = Map.of();
  private static volatile long selectedAt;

  /**
   * matchLabels of the cluster's Prometheus resources' podMonitorSelector, listed at most every 30 s: reconcile()
   * runs every poll interval while a test runs, and the Prometheus resources hardly ever change.
   */
  static Map<String, String> selectedLabels(KubernetesClient client) {
    long now = System.nanoTime();
    if (selectedAt == 0 || now - selectedAt > 30_000_000_000L) {
      selected = listSelectedLabels(client);
      selectedAt = now;
    }
    return selected;
  }

  /** matchLabels of the cluster's Prometheus resources' podMonitorSelector; none readable: none. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> listSelectedLabels(KubernetesClient client) {
    var labels = new TreeMap<String, String>();
    try {
      for (var p : client.genericKubernetesResources("monitoring.coreos.com/v1", "Prometheus").inAnyNamespace().list().getItems()) {
        Object spec = p.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("podMonitorSelector") instanceof Map<?, ?> sel
            && sel.get("matchLabels") instanceof Map<?, ?> match) {
          ((Map<String, Object>) match).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
      }
    } catch (KubernetesClientException e) {
      // no Prometheus CRD or no right to list: the configured labels alone
    }
    return Map.copyOf(labels);
  }
}
