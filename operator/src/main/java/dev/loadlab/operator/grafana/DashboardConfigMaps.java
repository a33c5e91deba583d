package dev.loadlab.operator.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dashboard as the Grafana sidecar imports it: the sidecar label, the folder in both annotations the
 * sidecar and Grafana read, and one key {@code <namespace>_<name>.json} (the sidecar writes every dashboard into
 * one directory, so keys must be unique across the cluster).
 */
public final class DashboardConfigMaps {
  private DashboardConfigMaps() {
  }

  /** The ConfigMap of a resource's dashboard, in the resource's own namespace: {@code <name>-dashboard}. */
  public static String dashboardName(String resourceName) {
    return resourceName + "-dashboard";
  }

  /** {@code <namespace>_<name>.json}: no Kubernetes name holds '_', so no two objects share a key. */
  public static String key(String namespace, String name) {
    return namespace + "_" + name + ".json";
  }

  public static ConfigMap build(String configMapName, String namespace, String keyNamespace, String keyName, String folder,
      Map<String, String> labels, ObjectNode dashboard, OperatorSettings.Grafana grafana) {
    var allLabels = new LinkedHashMap<String, String>(labels);
    if (!grafana.grafanaOperator()) {
      // with grafana-operator the GrafanaDashboard imports it; the sidecar label would import it twice
      allLabels.put(grafana.label(), grafana.labelValue());
    }
    String f = folder != null ? folder : grafana.folder();
    try {
      return new ConfigMapBuilder()
          .withNewMetadata().withName(configMapName).withNamespace(namespace).withLabels(allLabels)
          .withAnnotations(Map.of("grafana_folder", f, "k8s-sidecar-target-directory", f)).endMetadata()
          .withData(Map.of(key(keyNamespace, keyName), GrafanaDashboards.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
