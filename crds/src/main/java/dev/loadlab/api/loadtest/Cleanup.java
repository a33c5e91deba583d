package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cleanup {
  @JsonPropertyDescription("When runner pods are deleted after the results are collected: always (default), "
      + "onSuccess (keep them when the test failed, to inspect), onFailure, or never.")
  public CleanupPolicy policy;

  @JsonPropertyDescription("Delete this LoadTest (and everything it owns) this many seconds after it finished. "
      + "Unset: keep it.")
  @Min(0)
  @Max(315360000L)
  public Long ttlSecondsAfterFinished;
}
