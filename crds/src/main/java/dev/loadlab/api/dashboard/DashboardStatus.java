package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadlab.api.common.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardStatus {
  @JsonPropertyDescription("The ConfigMap the dashboard was written to, as namespace/name.")
  public String configMap;

  @JsonPropertyDescription("The dashboard's uid in Grafana.")
  public String uid;

  @JsonPropertyDescription("metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Conditions: Ready (ConfigMap written), Valid.")
  public List<Condition> conditions;
}
