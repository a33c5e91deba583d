package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IntervalsTest extends DemoTargetTest {
  @Test
  void intervalsSplitTheRunAndAddUpToTheWhole() throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: " + target.baseUrl() + "\n  metrics: {interval: 500ms}\n  scenarios:\n    - name: s\n"
        + "      load: {executor: constant-arrival-rate, rate: 100, timeUnit: 1s, duration: 2s, preAllocatedVUs: 10, maxVUs: 100}\n"
        + "      steps: [{http: {url: '/products/1?latencyMs=5'}}]\n").get(0);

    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), LoadRun.Options.defaults())) {
      run.start().get(30, TimeUnit.SECONDS);
      var intervals = run.intervalFigures();

      assertThat(intervals).hasSizeBetween(4, 6);
      var all = run.snapshot();
      assertThat(intervals.stream().mapToLong(i -> i.requests()).sum()).isEqualTo(all.requests());
      assertThat(intervals.stream().mapToLong(i -> i.dropped()).sum() + all.requests()).isEqualTo(200);
      assertThat(intervals.get(1).rps()).isBetween(80.0, 120.0);
      assertThat(intervals.get(1).p50()).isGreaterThanOrEqualTo(5.0);
      for (int i = 1; i < intervals.size(); i++) {
        assertThat(intervals.get(i).startSeconds()).isEqualTo(intervals.get(i - 1).endSeconds());
      }
    }
  }
}
