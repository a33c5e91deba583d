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
@ValidationRule(value = "[has(self.body), has(self.json), has(self.form)].filter(x, x).size() <= 1",
    message = "set at most one of body, json or form")
public class HttpStep {
  @JsonPropertyDescription("HTTP method. Default GET.")
  public HttpMethod method;

  @JsonPropertyDescription("URL, absolute or relative to spec.target; ${...} templates are expanded "
      + "(${env.NAME}, ${vars.NAME} from extract, ${vu}, ${iteration}).")
  @Required
  @Size(min = 1)
  public String url;

  @JsonPropertyDescription("Resource label of this request's metrics. Default: METHOD and URL path without the query "
      + "(\"GET /items\"); set it to collapse ids (\"GET /items/{id}\") or to name the call (\"chat\").")
  @Size(min = 1, max = 255)
  public String resource;

  @JsonPropertyDescription("HTTP version of this request: \"1.1\" or \"2\" (HTTP/2: negotiated with ALPN over TLS, "
      + "falling back to HTTP/1.1 when the server does not offer it; h2c with prior knowledge over plain http). Default: "
      + "spec.httpVersion.")
  @Pattern(LoadTestSpec.HTTP_VERSION)
  public String httpVersion;

  @JsonPropertyDescription("Request headers; values may use ${...} templates.")
  public Map<String, String> headers;

  @JsonPropertyDescription("Query parameters appended to the URL, URL-encoded.")
  public Map<String, String> query;

  @JsonPropertyDescription("Raw request body (templates expanded). At most one of body, json, form.")
  public String body;

  @JsonPropertyDescription("Request body as JSON, written here as YAML; sets Content-Type: application/json. "
      + "String values may use ${...} templates.")
  @PreserveUnknownFields
  public JsonNode json;

  @JsonPropertyDescription("Form fields sent as application/x-www-form-urlencoded.")
  public Map<String, String> form;

  @JsonPropertyDescription("Request timeout, from the start of the request to the last byte of the response. Default 60s.")
  @Pattern(Load.DURATION)
  public String timeout;

  @JsonPropertyDescription("Redirects followed, each one recorded. Default 10; 0 disables following.")
  @Min(0)
  @Max(50)
  public Integer maxRedirects;

  @JsonPropertyDescription("Tags added as labels to this request's metrics.")
  public Map<String, String> tags;

  @JsonPropertyDescription("Checks on the response, as CEL booleans, e.g. response.status == 200. "
      + "Counted in loadlab_checks_total{check, result}.")
  public List<Check> checks;

  @JsonPropertyDescription("Values taken from the response into variables for later steps (${vars.NAME}).")
  public List<Extract> extract;

  @JsonPropertyDescription("Custom metrics recorded from this response.")
  public List<MetricDefinition> metrics;

  @JsonPropertyDescription("Read the response as a stream of events as they arrive (server-sent events or lines), "
      + "with time to first event, the gaps between events and events per second recorded per resource "
      + "(http_stream_*), and metrics per event. Without it the body is read whole.")
  public StreamSettings stream;

  @JsonPropertyDescription("Always keep a trace of this request and its response, besides the sampled ones.")
  public Boolean forceTrace;

  @JsonPropertyDescription("Count the request as failed when its response says so, whatever its status code; its "
      + "trace gets the given status text.")
  public FailWhen failWhen;

  @JsonPropertyDescription("Packets of your own added to this request's trace, from CEL over the response "
      + "(Testable's addTrace).")
  public List<TracePacket> trace;
}
