package dev.loadlab.runner;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a LoadTest written in a few lines against a demo target on loopback. */
final class TestRuns {
  private TestRuns() {
  }

  /** A LoadTest with one scenario: its load (flow YAML) and steps (flow YAML), aimed at the target. */
  static LoadTest loadTest(DemoTarget target, String load, String steps) {
    return loadTest(target.baseUrl(), load, steps);
  }

  /** The same, aimed at {@code baseUrl}. */
  static LoadTest loadTest(String baseUrl, String load, String steps) {
    String yaml = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n"
        + "  target: " + baseUrl + "\n  scenarios:\n    - name: s\n      load: " + load
        + "\n      steps: " + steps + "\n";
    return (LoadTest) Manifests.read("test.yaml", yaml).get(0);
  }

  /** The figures of a resource of a scenario, whatever its tags (HTTP steps carry a method tag). */
  static dev.loadlab.results.ResourceStats resource(Stats stats, String scenario, String resource) {
    return stats.resources().entrySet().stream()
        .filter(e -> e.getKey().scenario().equals(scenario) && e.getKey().resource().equals(resource))
        .map(Map.Entry::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no resource " + resource + " of " + scenario + " in " + stats.resources().keySet()));
  }

  static Stats run(LoadTest test, Segment segment, long timeoutSeconds) throws Exception {
    TestPlan plan = TestPlan.compile(test, segment, Map.of());
    try (var run = new LoadRun(plan, LoadRun.Options.defaults())) {
      run.start().get(timeoutSeconds, TimeUnit.SECONDS);
      return run.snapshot();
    }
  }
}
