package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Progress {
  @JsonPropertyDescription("Seconds since the start.")
  public Double elapsedSeconds;

  @JsonPropertyDescription("Share of the planned duration or iterations done, 0-100.")
  public Double percent;

  @JsonPropertyDescription("Active virtual users over all runners.")
  public Long vus;

  @JsonPropertyDescription("Iterations completed.")
  public Long iterations;

  @JsonPropertyDescription("Requests sent.")
  public Long requests;

  @JsonPropertyDescription("Requests per second over the last interval (over the whole run once ended).")
  public Double rps;

  @JsonPropertyDescription("95th percentile of request duration, with its unit, e.g. 212ms.")
  public String p95;

  @JsonPropertyDescription("Share of failed requests, e.g. 0.12%.")
  public String errors;
}
