package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.ResourceLimit;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.ResourceKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A URL with an id in its path floods the resources: the test stops, names the step, and keeps every count. */
class ResourceLimitTest extends DemoTargetTest {
  @Test
  void aCardinalityFloodStopsTheTestWithTooManyResourcesAndLosesNothing() throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: " + target.baseUrl() + "\n  metrics: {maxResources: 12}\n  scenarios:\n    - name: s\n"
        + "      load: {executor: per-vu-iterations, vus: 1, iterations: 5000, maxDuration: 30s}\n"
        + "      steps: [{http: {url: /products/list}}, {http: {url: '/products/${iteration}'}}]\n").get(0);

    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), LoadRun.Options.defaults())) {
      run.start().get(30, TimeUnit.SECONDS);
      var stats = run.snapshot();

      assertThat(run.stopReason()).startsWith("TooManyResources: spec.scenarios[0].steps[1].http made more than 12")
          .contains("resource: \"GET /items/{id}\"");
      assertThat(stats.iterations()).as("stopped early").isLessThan(100);
      // One label is the constant first step's; 11 ids get labels of their own; the rest are counted under OVERFLOW.
      assertThat(stats.resources().keySet()).hasSize(13).extracting(ResourceKey::resource).contains(ResourceLimit.OVERFLOW);
      assertThat(TestRuns.resource(stats, "s", ResourceLimit.OVERFLOW).requests()).isPositive();
      assertThat(stats.requests()).as("every request served is counted").isEqualTo(target.requests());
    }
  }
}
