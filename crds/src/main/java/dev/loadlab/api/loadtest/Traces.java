package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Traces {
  @JsonPropertyDescription("Keep sampled traces: about one per resource, status and minute. Default true.")
  public Boolean enabled;

  @JsonPropertyDescription("Most bytes of each request and response body kept in a trace. Default 4096.")
  @Min(0)
  @Max(16777216)
  public Integer maxBodyBytes;

  @JsonPropertyDescription("Most traces kept by each runner, and in the run record over all runners (taken in turn "
      + "from each runner). Default 1000.")
  @Min(0)
  @Max(100000)
  public Integer maxTraces;

  @JsonPropertyDescription("Extra header names redacted from traces, besides Authorization, Cookie, Set-Cookie "
      + "and every value that came from a Secret.")
  public List<String> redactHeaders;
}
