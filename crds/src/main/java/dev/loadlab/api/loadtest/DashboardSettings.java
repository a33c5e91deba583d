package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardSettings {
  @JsonPropertyDescription("Generate a Grafana dashboard for this test: the standard HTTP panels plus one panel per "
      + "custom metric, written to a ConfigMap that the Grafana sidecar imports. Default true.")
  public Boolean generate;

  @JsonPropertyDescription("Grafana folder of the generated dashboard. Default: the operator's setting (loadlab).")
  public String folder;

  @JsonPropertyDescription("Namespace of the dashboard ConfigMap, where Grafana looks: the LoadTest's namespace, or the "
      + "Grafana namespace the operator is configured with (then the default); no other. Default: the operator's "
      + "Grafana namespace, else the LoadTest's namespace.")
  public String namespace;
}
