package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Extract {
  @JsonPropertyDescription("Variable name, used later as ${vars.NAME} or vars.NAME in expressions.")
  @Required
  @Pattern("^[a-zA-Z_][a-zA-Z0-9_]*$")
  public String name;

  @JsonPropertyDescription("CEL expression giving the value, e.g. response.json.cart.id.")
  @Required
  @Size(min = 1)
  public String expr;
}
