package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** One step of an iteration: exactly one of http, websocket, grpc, sleep or group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.http), has(self.websocket), has(self.grpc), has(self.sleep), has(self.group)].filter(x, x).size() == 1",
    message = "a step is exactly one of http, websocket, grpc, sleep or group")
public class Step {
  static final String SLEEP = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+(\\.\\.([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)?$";

  @JsonPropertyDescription("An HTTP request.")
  public HttpStep http;

  @JsonPropertyDescription("A WebSocket exchange: connect, send, receive until a condition holds, close.")
  public WebSocketStep websocket;

  @JsonPropertyDescription("A gRPC call, unary or server-streaming, with the schema from server reflection or a "
      + "FileDescriptorSet.")
  public GrpcStep grpc;

  @JsonPropertyDescription("Pause: a fixed duration (1s) or a uniformly random one in a range (1s..3s).")
  @Pattern(SLEEP)
  public String sleep;

  @JsonPropertyDescription("A named group of steps; its duration is recorded as loadlab_group_duration_seconds.")
  public GroupStep group;
}
