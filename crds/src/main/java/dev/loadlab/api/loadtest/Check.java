package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Check {
  @JsonPropertyDescription("Check name, the value of the check label.")
  @Required
  @Size(min = 1, max = 128)
  public String name;

  @JsonPropertyDescription("CEL boolean expression, e.g. response.status == 200 && response.json.ok.")
  @Required
  @Size(min = 1)
  public String expr;
}
