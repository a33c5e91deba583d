package dev.loadlab.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether another project's CRD is installed (the Prometheus Operator's PodMonitor, grafana-operator's
 * GrafanaDashboard): the operator must start and work without them. Each answer is kept for 30 s, so installing
 * one later is noticed without a restart.
 */
public final class InstalledCrds {
  public static final String POD_MONITORS = "podmonitors.monitoring.coreos.com";
  public static final String GRAFANA_DASHBOARDS = "grafanadashboards.grafana.integreatly.org";
  private static final long TTL_NANOS = 30_000_000_000L;
  private static final Map<String, long[]> CHECKED = new ConcurrentHashMap<>();

  private InstalledCrds() {
  }

  /** Present, as far as the API server said in the last 30 s; no right to read CRDs counts as absent. */
  public static boolean present(KubernetesClient client, String crd) {
    long now = System.nanoTime();
    long[] seen = CHECKED.get(crd);
    if (seen != null && now - seen[1] < TTL_NANOS) {
      return seen[0] == 1;
    }
    boolean present;
    try {
      present = client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
    } catch (KubernetesClientException e) {
      present = false;
    }
    CHECKED.put(crd, new long[] {present ? 1 : 0, now});
    return present;
  }
}
