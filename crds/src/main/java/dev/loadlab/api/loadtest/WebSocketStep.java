package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebSocketStep {
  @JsonPropertyDescription("WebSocket URL (ws:// or wss://), absolute or relative to spec.target.")
  @Required
  @Size(min = 1)
  public String url;

  @JsonPropertyDescription("Resource label of this exchange's metrics. Default \"WS <path>\".")
  @Size(min = 1, max = 255)
  public String resource;

  @JsonPropertyDescription("Headers of the opening handshake.")
  public Map<String, String> headers;

  @JsonPropertyDescription("Messages sent once connected, in order.")
  public List<Message> send;

  @JsonPropertyDescription("What to wait for after sending.")
  public Receive receive;

  @JsonPropertyDescription("Tags added as labels to this exchange's metrics.")
  public Map<String, String> tags;

  @JsonPropertyDescription("Checks, as CEL booleans over the last message received (message.text, message.json) "
      + "and the exchange (received, elapsedMs).")
  public List<Check> checks;

  @JsonPropertyDescription("Values taken from the last message into variables for later steps.")
  public List<Extract> extract;

  @JsonPropertyDescription("Custom metrics recorded when the exchange completes, e.g. the time from subscribe to "
      + "first tick: {name: time_to_first_tick, type: timing, value: \"elapsedMs\"}.")
  public List<MetricDefinition> metrics;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.text) != has(self.json)", message = "set exactly one of text or json")
  public static class Message {
    @JsonPropertyDescription("A text frame (templates expanded).")
    public String text;

    @JsonPropertyDescription("A text frame holding this value as JSON.")
    @PreserveUnknownFields
    public JsonNode json;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Receive {
    @JsonPropertyDescription("CEL condition on each message received (message.text, message.json); the step "
        + "completes on the first message for which it holds. Default: the first message.")
    public String until;

    @JsonPropertyDescription("Longest wait for the condition; past it the step fails with reason timeout. Default 10s.")
    @Pattern(Load.DURATION)
    public String timeout;

    @JsonPropertyDescription("Most messages to read while waiting. Default unlimited.")
    @Min(1)
    @Max(1000000000)
  public Integer maxMessages;
  }
}
