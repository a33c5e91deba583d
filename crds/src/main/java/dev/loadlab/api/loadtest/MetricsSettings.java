package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSettings {
  public static final int DEFAULT_MAX_RESOURCES = 600;

  @JsonPropertyDescription("Most distinct resources per test. Past it the test stops with reason TooManyResources "
      + "naming the step, rather than flooding Prometheus with series. Default 600.")
  @Min(1)
  @Max(100000)
  public Integer maxResources;

  @JsonPropertyDescription("Length of the aggregation intervals kept for the summary. Default 10s.")
  @Pattern(Load.DURATION)
  public String interval;

  @JsonPropertyDescription("Percentiles reported for trends besides p50, p90, p95 and p99, e.g. [99.9].")
  public List<Double> percentiles;

  @JsonPropertyDescription("Port of the runner's HTTP endpoint (/metrics, control API). Default 9090.")
  @Min(1024)
  @Max(65535)
  public Integer port;
}
