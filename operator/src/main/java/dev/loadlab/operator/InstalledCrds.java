package dev.loadlab.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether grafana-operator's GrafanaDashboard CRD is installed (its dashboards are written to Grafana's namespace,
 * outside the LoadTest's workflow; the PodMonitor is a dependent with an activation condition instead): the operator
 * must start and work without it. Each answer is kept for 30 s, so installing
 * one later is noticed without a restart.
 */
public final class InstalledCrds {
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
