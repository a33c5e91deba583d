package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PodMonitor for the runners, when the Prometheus Operator is installed. Its labels are those the
 * cluster's {@code Prometheus} resources select PodMonitors on (kube-prometheus-stack selects on its
 * per-install {@code release} label), plus the operator's configured ones. The relabelings turn the pod
 * labels into the {@code loadtest}, {@code runner} and {@code region} labels of every series.
 */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public class PodMonitorDependent extends GenericKubernetesDependentResource<LoadTest>
    implements Creator<GenericKubernetesResource, LoadTest>, Updater<GenericKubernetesResource, LoadTest>,
    GarbageCollected<LoadTest> {
  static final GroupVersionKind GVK = new GroupVersionKind("monitoring.coreos.com", "v1", "PodMonitor");

  public PodMonitorDependent() {
    super(GVK);
  }

  @Override
  protected GenericKubernetesResource desired(LoadTest lt, Context<LoadTest> context) {
    var labels = new TreeMap<>(selectedLabels(context.getClient()));
    labels.putAll(OperatorSettings.fromConfig().podMonitorLabels());
    return build(lt, labels);
  }

  static GenericKubernetesResource build(LoadTest lt, Map<String, String> extraLabels) {
    var labels = new LinkedHashMap<>(extraLabels);
    labels.putAll(Labels.common(lt, "runner"));
    var pm = new GenericKubernetesResource();
    pm.setApiVersion("monitoring.coreos.com/v1");
    pm.setKind("PodMonitor");
    pm.setMetadata(new ObjectMetaBuilder().withName(lt.getMetadata().getName() + "-runners")
        .withNamespace(lt.getMetadata().getNamespace()).withLabels(labels).build());
    pm.setAdditionalProperty("spec", Map.of(
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

  /** matchLabels of the cluster's Prometheus resources' podMonitorSelector; none readable: none. */
  @SuppressWarnings("unchecked")
  static Map<String, String> selectedLabels(KubernetesClient client) {
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
    return labels;
  }
}
