package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Where the run record of a finished run is kept (see docs/results.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecordStatus {
  @JsonPropertyDescription("The ConfigMap in this namespace that holds the record (binaryData record.json.gz), "
      + "<loadtest>-run-<n>; owned by the LoadTest and deleted with its run's history entry.")
  public String configMap;

  @JsonPropertyDescription("Where the whole record is when an S3-compatible bucket is configured (s3://bucket/key); "
      + "the ConfigMap then holds this pointer.")
  public String url;

  @JsonPropertyDescription("Size of the gzipped record in bytes.")
  public Long bytes;

  @JsonPropertyDescription("What was left out of the record to keep it within its budget, in the documented order "
      + "(traceBodies, traces, intervalResources, regionResources, requestPhases, coarserIntervals, intervals); empty when nothing was.")
  public List<String> dropped;

  @JsonPropertyDescription("The command that renders this run's HTML report.")
  public String report;

  @JsonPropertyDescription("Why the record could not be written, when it could not; the summary and thresholds in "
      + "this status are not affected.")
  public String error;
}
