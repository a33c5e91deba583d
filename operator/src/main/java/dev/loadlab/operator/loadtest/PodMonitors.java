package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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
public final class PodMonitors {
  static final ResourceDefinitionContext PODMONITORS = new ResourceDefinitionContext.Builder()
      .withGroup("monitoring.coreos.com").withVersion("v1").withKind("PodMonitor").withPlural("podmonitors")
      .withNamespaced(true).build();

  private PodMonitors() {
  }

  /**
   * The PodMonitor while runners are wanted, none afterwards. Applied from reconcile() rather than as a
   * workflow dependent: JOSDK builds an informer for a dependent's kind even to deactivate it, and that fails
   * where the Prometheus Operator's CRD does not exist.
   *
   * @return the PodMonitor's name, or null when there is none
   */
  static String reconcile(LoadTest lt, boolean wanted, KubernetesClient client) {
    if (!dev.loadlab.operator.InstalledCrds.present(client, dev.loadlab.operator.InstalledCrds.POD_MONITORS)) {
      return null;
    }
    var monitors = client.genericKubernetesResources(PODMONITORS).inNamespace(lt.getMetadata().getNamespace());
    String name = lt.getMetadata().getName() + "-runners";
    try {
      if (!wanted) {
        monitors.withName(name).delete();
        return null;
      }
      var labels = new TreeMap<>(selectedLabels(client));
      labels.putAll(OperatorSettings.fromConfig().podMonitorLabels());
      var desired = build(lt, labels);
      desired.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
          .withApiVersion(lt.getApiVersion()).withKind(lt.getKind()).withName(lt.getMetadata().getName())
          .withUid(lt.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false).build()));
      dev.loadlab.operator.Writes.createOrUpdate(monitors, monitors.withName(name).get(), desired,
          pm -> pm.getAdditionalProperties().get("spec"));
      return name;
    } catch (KubernetesClientException e) {
      // A PodMonitor is a convenience: without one the prometheus.io annotations still let Prometheus scrape.
      org.jboss.logging.Logger.getLogger(PodMonitors.class).warnf("PodMonitor %s/%s: %s",
          lt.getMetadata().getNamespace(), name, e.getMessage());
      return null;
    }
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
