package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * A gRPC call: unary, or server-streaming with each message timed as it arrives. The schema comes from the server's
 * reflection service or from a FileDescriptorSet in a ConfigMap; messages are dynamic, nothing is generated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrpcStep {
  /** grpc://host:port (plaintext, HTTP/2 with prior knowledge) or grpcs://host:port (TLS); templates allowed. */
  public static final String TARGET = "^(grpcs?://[^/\\s]+|\\$\\{[^}]+\\}[^/\\s]*)$";
  public static final String METHOD = "^[A-Za-z_][A-Za-z0-9_.]*/[A-Za-z_][A-Za-z0-9_]*$";

  @JsonPropertyDescription("The server: grpc://host:port (plaintext) or grpcs://host:port (TLS; "
      + "spec.insecureSkipTLSVerify applies), e.g. grpc://demo-target:9090.")
  @Required
  @Pattern(TARGET)
  public String target;

  @JsonPropertyDescription("The method, as package.Service/Method, e.g. loadlab.demo.v1.Inventory/GetItem. Unary and "
      + "server-streaming methods are supported.")
  @Required
  @Pattern(METHOD)
  public String method;

  @JsonPropertyDescription("The request message, written as YAML in protobuf's JSON mapping (field names as in the "
      + ".proto or in lowerCamelCase); ${...} templates are expanded in string values. Default: the empty message.")
  @PreserveUnknownFields
  public JsonNode message;

  @JsonPropertyDescription("Request metadata (gRPC headers); values may use ${...} templates, e.g. "
      + "authorization: \"Bearer ${env.TOKEN}\".")
  public Map<String, String> metadata;

  @JsonPropertyDescription("The call's deadline, from its start to its status; past it the call ends with "
      + "DEADLINE_EXCEEDED. Default 60s.")
  @Pattern(Load.DURATION)
  public String timeout;

  @JsonPropertyDescription("Where the schema comes from. Default: the server's reflection service "
      + "(grpc.reflection.v1, or v1alpha), asked once per runner before the load starts.")
  public GrpcSchema schema;

  @JsonPropertyDescription("Resource label of this call's metrics. Default: Service/Method (the method without its package).")
  @Size(min = 1, max = 255)
  public String resource;

  @JsonPropertyDescription("Tags added as labels to this call's metrics.")
  public Map<String, String> tags;

  @JsonPropertyDescription("Checks, as CEL booleans over the call: response.status (OK, NOT_FOUND, ...), "
      + "response.code (0..16), response.statusMessage, response.message (the reply; the last one of a stream), "
      + "response.messages (how many arrived), response.headers, response.trailers; and elapsedMs.")
  public List<Check> checks;

  @JsonPropertyDescription("Values taken from the response into variables for later steps (${vars.NAME}).")
  public List<Extract> extract;

  @JsonPropertyDescription("Custom metrics recorded when the call ends, e.g. "
      + "{name: items_in_stock, type: rate, value: \"response.message.inStock\"}.")
  public List<MetricDefinition> metrics;

  @JsonPropertyDescription("Per-message handling of a server-streaming call: an early end and metrics or extracts "
      + "from each message as it arrives.")
  public GrpcStream stream;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GrpcSchema {
    @JsonPropertyDescription("A key of a ConfigMap in the LoadTest's namespace holding a FileDescriptorSet (protoc "
        + "--descriptor_set_out=api.protoset --include_imports; kubectl create configmap NAME --from-file=api.protoset). "
        + "Locally: loadlab run --configmap-dir DIR reads DIR/NAME/KEY.")
    @Required
    public ConfigMapKey configMapKeyRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapKey {
    @JsonPropertyDescription("Name of the ConfigMap.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription("Key within it (binaryData or data).")
    @Required
    @Pattern("^[-._a-zA-Z0-9]+$")
    public String key;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GrpcStream {
    @JsonPropertyDescription("CEL condition over each message (message, index, elapsedMs); the call is cancelled once "
        + "it holds and counts as complete with status OK, e.g. message.finishReason != ''.")
    public String until;

    @JsonPropertyDescription("Custom metrics recorded from each message, e.g. tokens as they arrive: {name: "
        + "llm_output_tokens, type: counter, value: \"1.0\"}. Variables: message, index, response (headers), vars, env, "
        + "vu, iteration, scenario, elapsedMs.")
    public List<MetricDefinition> metrics;

    @JsonPropertyDescription("Values taken from messages into variables (${vars.NAME}); a later message overwrites an "
        + "earlier one's value.")
    public List<Extract> extract;
  }
}
