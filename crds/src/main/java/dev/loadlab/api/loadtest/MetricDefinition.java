package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A user metric recorded from a response or a WebSocket exchange. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'histogram' || (has(self.key) && !has(self.value))",
    message = "a histogram metric takes key (the bucket, a CEL expression) and no value")
@ValidationRule(value = "self.type == 'histogram' || !has(self.key)",
    message = "key is only for histogram metrics; use value")
@ValidationRule(value = "self.type in ['histogram', 'counter'] || has(self.value)",
    message = "value (a CEL expression) is required for trend, timing, rate and gauge metrics")
@ValidationRule(value = "self.type != 'counter' || has(self.units)",
    message = "units is required for counters, e.g. units: requests")
public class MetricDefinition {
  public static final String DEFAULT_NAMESPACE = "User";
  public static final String SYSTEM_NAMESPACE = "System";

  @JsonPropertyDescription("Metric name: 1-255 characters, letters, digits and _, not starting with a digit, "
      + "no '__', no '-'. Exported to Prometheus under this name (counters get _total).")
  @Required
  @Size(min = 1, max = 255)
  public String name;

  @JsonPropertyDescription("trend (alias timing), counter, rate, gauge or histogram.")
  @Required
  public MetricType type;

  @JsonPropertyDescription("Namespace of the metric. Default User; System is reserved for built-in metrics. "
      + "A name is unique within its namespace.")
  @Pattern("^[A-Za-z][A-Za-z0-9_]*$")
  public String namespace;

  @JsonPropertyDescription("Units of the values, e.g. tokens, usd, requests. Default ms for timing; required for counters.")
  @Size(min = 1, max = 32)
  public String units;

  @JsonPropertyDescription("CEL expression giving the value to record, e.g. response.json.usage.prompt_tokens. "
      + "JSON numbers arrive as double, so arithmetic mixes freely. Counters default to 1 (count occurrences).")
  public String value;

  @JsonPropertyDescription("CEL expression giving the bucket of a histogram metric, e.g. "
      + "response.status < 400 ? 'success' : 'failure'.")
  public String key;

  @JsonPropertyDescription("CEL condition; the value is recorded only when it holds, e.g. response.status == 200.")
  public String when;

  @JsonPropertyDescription("Record the metric per resource of the request (true, the default) or once for the whole test.")
  public Boolean perResource;

  @JsonPropertyDescription("Tags added as labels to this metric.")
  public Map<String, String> tags;

  public String namespaceOrDefault() {
    return namespace == null ? DEFAULT_NAMESPACE : namespace;
  }
}
