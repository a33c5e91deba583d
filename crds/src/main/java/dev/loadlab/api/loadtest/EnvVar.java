package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.valueFrom)", message = "set exactly one of value or valueFrom")
public class EnvVar {
  @JsonPropertyDescription("Variable name, referenced in steps as ${env.NAME}.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  public String name;

  @JsonPropertyDescription("Literal value. For anything secret use valueFrom.secretKeyRef instead.")
  public String value;

  @JsonPropertyDescription("Source of the value: a key of a Secret or of a ConfigMap.")
  public EnvVarSource valueFrom;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.secretKeyRef) != has(self.configMapKeyRef)",
      message = "set exactly one of secretKeyRef or configMapKeyRef")
  public static class EnvVarSource {
    @JsonPropertyDescription("A key of a Secret in the LoadTest's namespace. Values from Secrets are redacted from traces.")
    public KeyRef secretKeyRef;

    @JsonPropertyDescription("A key of a ConfigMap in the LoadTest's namespace.")
    public KeyRef configMapKeyRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KeyRef {
    @JsonPropertyDescription("Name of the Secret or ConfigMap.")
    @Required
    public String name;

    @JsonPropertyDescription("Key within it.")
    @Required
    public String key;

    @JsonPropertyDescription("When true, a missing object or key leaves the variable unset instead of failing the test.")
    public Boolean optional;
  }
}
