package dev.loadlab.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A status condition in the shape kstatus, Argo CD and Flux read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  @JsonPropertyDescription("Condition type, e.g. Ready, Valid, Completed.")
  @Required
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  public String status;

  @JsonPropertyDescription("One CamelCase word saying why, e.g. Completed, ThresholdsFailed, InvalidSpec.")
  public String reason;

  @JsonPropertyDescription("Human-readable detail.")
  public String message;

  @JsonPropertyDescription("When status last changed (RFC 3339).")
  public String lastTransitionTime;

  @JsonPropertyDescription("metadata.generation this condition was computed from.")
  public Long observedGeneration;
}
