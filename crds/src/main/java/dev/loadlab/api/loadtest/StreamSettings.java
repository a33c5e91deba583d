package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A response read as a stream of events as they arrive (server-sent events, or one JSON document per line), timed
 * event by event: time to first event, the gaps between events, events per second.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamSettings {
  @JsonPropertyDescription("How the body splits into events: sse (server-sent events: \"data:\" lines, an event per "
      + "blank line, as OpenAI-style streaming APIs answer with stream: true) or lines (one event per non-empty line, "
      + "e.g. NDJSON).")
  @Required
  public StreamFormat events;

  @JsonPropertyDescription("CEL condition over each event (event.data, event.json, event.index, event.type, "
      + "event.elapsedMs); the stream ends early once it holds: the response counts as complete at that event and the "
      + "connection is closed, e.g. event.data == '[DONE]'.")
  public String until;

  @JsonPropertyDescription("Custom metrics recorded from each event, e.g. tokens as they arrive or the usage of the "
      + "last chunk: {name: llm_output_tokens, type: counter, units: tokens, when: \"has(event.json.usage)\", value: "
      + "\"event.json.usage.completion_tokens\"}. Variables: event, response (status, headers), vars, env, vu, "
      + "iteration, scenario, elapsedMs.")
  public List<MetricDefinition> metrics;

  @JsonPropertyDescription("Values taken from events into variables (${vars.NAME}); a later event overwrites an "
      + "earlier one's value, e.g. the usage of the last chunk.")
  public List<Extract> extract;

  /** How a streamed body splits into events. */
  public enum StreamFormat {
    @com.fasterxml.jackson.annotation.JsonProperty("sse")
    SSE,
    @com.fasterxml.jackson.annotation.JsonProperty("lines")
    LINES
  }
}
