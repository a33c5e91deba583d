package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OwnedObjects {
  @JsonPropertyDescription("ConfigMap holding the validated scenario for the runners.")
  public String configMap;
  @JsonPropertyDescription("Headless Service of the runners.")
  public String service;
  @JsonPropertyDescription("Runner pods.")
  public List<String> pods;
  @JsonPropertyDescription("PodMonitor, when the Prometheus Operator is installed.")
  public String podMonitor;
  @JsonPropertyDescription("ConfigMap of the generated Grafana dashboard, as namespace/name.")
  public String dashboardConfigMap;
  @JsonPropertyDescription("Why the generated dashboard could not be written (a namespace the operator may not write to, "
      + "or an object of the same name that is not this LoadTest's), when it could not.")
  public String dashboardProblem;
}
