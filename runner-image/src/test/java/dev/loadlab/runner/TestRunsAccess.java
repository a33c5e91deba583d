package dev.loadlab.runner;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.demo.DemoTarget;

/** {@link TestRuns} for tests in other packages. */
public final class TestRunsAccess {
  private TestRunsAccess() {
  }

  public static LoadTest loadTest(DemoTarget target, String load, String steps) {
    return TestRuns.loadTest(target, load, steps);
  }
}
