package dev.loadlab.operator.loadtest;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * PodMonitors only where the Prometheus Operator's CRD exists (the operator must start without it). The
 * answer is cached for 30 s: installing kube-prometheus-stack later is noticed without a restart.
 */
public class PrometheusOperatorInstalled {
  static final String CRD = "podmonitors.monitoring.coreos.com";
  private static volatile boolean present;
  private static volatile long checkedAt;

  static boolean present(KubernetesClient client) {
    long now = System.nanoTime();
    if (checkedAt == 0 || now - checkedAt > 30_000_000_000L) {
      try {
        present = client.apiextensions().v1().customResourceDefinitions().withName(CRD).get() != null;
      } catch (KubernetesClientException e) {
        // no right to read CRDs: behave as without the Prometheus Operator (annotations still work)
        present = false;
      }
      checkedAt = now;
    }
    return present;
  }
}
