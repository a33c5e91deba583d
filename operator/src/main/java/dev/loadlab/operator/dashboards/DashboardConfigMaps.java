package dev.loadlab.operator.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dashboard as the Grafana sidecar imports it: the sidecar label, the folder in both annotations the
 * sidecar and Grafana read, and one key {@code <namespace>-<name>.json} (the sidecar writes every dashboard into
 * one directory, so keys must be unique across the cluster).
 */
public final class DashboardConfigMaps {
  private DashboardConfigMaps() {
  }

  public static String key(String namespace, String name) {
    return namespace + "-" + name + ".json";
  }

  public static ConfigMap build(String configMapName, String namespace, String keyNamespace, String keyName, String folder,
      Map<String, String> labels, ObjectNode dashboard, OperatorSettings.Grafana grafana) {
    var allLabels = new LinkedHashMap<String, String>(labels);
    allLabels.put(grafana.label(), grafana.labelValue());
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
