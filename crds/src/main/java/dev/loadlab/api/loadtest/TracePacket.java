package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** A packet of the step's own added to the request's trace (Testable's addTrace(type, headers, data)). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TracePacket {
  @JsonPropertyDescription("Packet type shown in the trace beside request and response, e.g. tokens or session.")
  @Required
  @Size(min = 1, max = 64)
  public String type;

  @JsonPropertyDescription("CEL expression whose value (as text) is the packet's data, e.g. "
      + "string(response.json.usage.total_tokens) or response.json.choices[0].message.content.")
  public String data;

  @JsonPropertyDescription("Packet headers: name to CEL expression, each value shown as text.")
  public Map<String, String> headers;

  @JsonPropertyDescription("CEL boolean: add the packet only when true. Default: always.")
  public String when;

  @JsonPropertyDescription("Keep this request's trace whenever the packet is added, not only when the request is "
      + "sampled (about one per resource, status and minute); spec.traces.maxTraces still bounds them.")
  public Boolean force;
}
