package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadlab.api.common.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardStatus {
  @JsonPropertyDescription("The ConfigMap the dashboard was last written to, as namespace/name.")
  public String configMap;

  @JsonPropertyDescription("The dashboard's uid in Grafana.")
  public String uid;

  @JsonPropertyDescription("metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Conditions: Valid (the source renders; else the field and the fix), Ready (written for Grafana; "
      + "False for an invalid source or a conflict, while Grafana keeps the version last written).")
  public List<Condition> conditions;
}
