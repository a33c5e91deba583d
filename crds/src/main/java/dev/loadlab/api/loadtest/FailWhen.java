package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Marks a request failed from what its response says, whatever its status code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailWhen {
  @JsonPropertyDescription("CEL boolean over the response, e.g. response.json.error != null or "
      + "response.body.contains('bad'): when true the request counts as failed (http_req_failed, the failures of "
      + "its resource and the status metrics) though its status says otherwise.")
  @Required
  @Size(min = 1)
  public String condition;

  @JsonPropertyDescription("What the request's trace says went wrong, e.g. \"Custom Error\". Default: failWhen.")
  @Size(min = 1, max = 128)
  public String status;
}
