package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.json), has(self.gzipJson), has(self.configMapRef), has(self.panels)].filter(x, x).size() == 1",
    message = "set exactly one dashboard source: json, gzipJson, configMapRef or panels")
public class DashboardSpec {
  @JsonPropertyDescription("The Grafana dashboard model as JSON text (as exported from Grafana). Its datasource "
      + "should be the ${datasource} template variable.")
  public String json;

  @JsonPropertyDescription("The dashboard model gzipped and base64-encoded, for models near the 1 MiB object limit; "
      + "the operator unpacks it (the sidecar cannot).")
  public String gzipJson;

  @JsonPropertyDescription("A key of a ConfigMap in this namespace holding the dashboard model (e.g. from a kustomize "
      + "configMapGenerator). Watched: editing that ConfigMap updates the dashboard.")
  public ConfigMapKeyRef configMapRef;

  @JsonPropertyDescription("A short declarative list of panels; the operator writes the Grafana JSON and the PromQL. "
      + "Metrics declared by the LoadTests of this namespace are known to it (watched).")
  @Size(min = 1)
  public List<Panel> panels;

  @JsonPropertyDescription("Dashboard title (panels source). Default: this object's name.")
  public String title;

  @JsonPropertyDescription("Dashboard uid, unique in Grafana: a uid another Dashboard already has (in any namespace) is "
      + "refused; uids starting with lt_ are kept for generated dashboards, loadlab-overview for the chart's overview. "
      + "Default: <namespace>_<name> (a hash "
      + "shortens it past 40 characters).")
  @Pattern("^[a-zA-Z0-9_-]{1,40}$")
  public String uid;

  @JsonPropertyDescription("Grafana folder, set through the grafana_folder and k8s-sidecar-target-directory "
      + "annotations. Default: the operator's setting.")
  public String folder;

  @JsonPropertyDescription("Namespace of the ConfigMap, where Grafana looks: this object's namespace, or the Grafana "
      + "namespace the operator is configured with (Helm value grafana.dashboardNamespace), which is then the default. "
      + "No other namespace is accepted. Default: the operator's Grafana namespace, else this object's namespace.")
  public String namespace;

  @JsonPropertyDescription("Extra labels on the ConfigMap.")
  public Map<String, String> labels;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapKeyRef {
    @JsonPropertyDescription("ConfigMap name.")
    @io.fabric8.generator.annotation.Required
    public String name;

    @JsonPropertyDescription("Key holding the dashboard JSON. Default: the only key ending in .json.")
    public String key;
  }
}
