package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Scenario {
  @JsonPropertyDescription("Scenario name, unique in the test; the value of the scenario label on every metric.")
  @Required
  @Pattern("^[a-zA-Z_][a-zA-Z0-9_]*$")
  @Size(max = 63)
  public String name;

  @JsonPropertyDescription("How many virtual users run the steps, and for how long or how often.")
  @Required
  public Load load;

  @JsonPropertyDescription("What each virtual user does in one iteration, in order. At least one step.")
  @Required
  @Size(min = 1)
  public List<Step> steps;

  @JsonPropertyDescription("Tags added as labels to every metric of this scenario.")
  public Map<String, String> tags;
}
