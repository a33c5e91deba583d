package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Region {
  @JsonPropertyDescription("Region name, used as the value of the loadlab.dev/region label and in metrics.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String name;

  @JsonPropertyDescription("Runner pods in this region. Default 1.")
  @Min(1)
  @Max(1000)
  public Integer runners;

  @JsonPropertyDescription("Node selector placing this region's runners, e.g. topology.kubernetes.io/region: eu-west-1.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations added to this region's runner pods.")
  public List<Toleration> tolerations;
}
