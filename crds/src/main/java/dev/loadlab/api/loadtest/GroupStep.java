package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupStep {
  @JsonPropertyDescription("Group name, the value of the group label.")
  @Required
  @Size(min = 1, max = 128)
  public String name;

  @JsonPropertyDescription("Steps of the group, in order; the same kinds as scenario steps.")
  @Required
  @Size(min = 1)
  public List<Step> steps;
}
