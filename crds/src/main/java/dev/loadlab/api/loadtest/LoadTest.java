package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A load test: scenarios, load profile, custom metrics and thresholds, run by runner pods. */
@Group(LoadTest.GROUP)
@Version(LoadTest.VERSION)
@ShortNames({"lt", "lts"})
@Categories({"loadlab", "all-loadlab"})
@JsonClassDescription("A load test: scenarios with their load profile, custom metrics and thresholds. "
    + "The operator runs it on runner pods, keeps status.progress live, and writes the merged results "
    + "and each threshold's pass/fail into status.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Runners", jsonPath = ".status.runners", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RPS", jsonPath = ".status.progress.rps", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "P95", jsonPath = ".status.progress.p95", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.progress.errors", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Thresholds", jsonPath = ".status.thresholdsPassed", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Runner Health", jsonPath = ".status.runnerHealth.verdict", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// A structural schema cannot be recursive: groups nest in the schema down to GROUP_SCHEMA_DEPTH
// levels; deeper groups are kept as they are (not pruned) and checked by LoadTestValidator.
@SchemaSwap(originalType = GroupStep.class, fieldName = "steps", targetType = com.fasterxml.jackson.databind.JsonNode.class,
    depth = LoadTest.GROUP_SCHEMA_DEPTH)
public class LoadTest extends CustomResource<LoadTestSpec, LoadTestStatus> implements Namespaced {
  public static final String GROUP = "loadlab.dev";
  public static final String VERSION = "v1alpha1";
  public static final int GROUP_SCHEMA_DEPTH = 3;

  @Override
  protected LoadTestSpec initSpec() {
    return new LoadTestSpec();
  }

  @Override
  @JsonPropertyDescription("What to run: the target, the scenarios and their load, custom metrics, thresholds, and how the runner pods look.")
  public LoadTestSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed: phase, conditions, live progress, the merged results and each threshold's pass/fail.")
  public LoadTestStatus getStatus() {
    return super.getStatus();
  }
}
