package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A target that stalls for 600 ms in the middle of an arrival-rate run (Hyperfoil's and wrk2's test): the
 * stall must show in the recorded latency, and arrivals that find no free VU are counted, not delayed.
 */
class CoordinatedOmissionTest extends DemoTargetTest {

  Stats runWithStall(int maxVUs) throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-arrival-rate, rate: 100, timeUnit: 1s, duration: 3s, "
        + "preAllocatedVUs: " + maxVUs + ", maxVUs: " + maxVUs + "}", "[{http: {url: /products/1}}]");
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), LoadRun.Options.defaults())) {
      var done = run.start();
      Thread.sleep(1000);
      target.state().stallFor(600);
      done.get(30, TimeUnit.SECONDS);
      return run.snapshot();
    }
  }

  @Test
  void aStallShowsInTheMaximumLatency() throws Exception {
    Stats stats = runWithStall(200);

    assertThat(stats.allDurations().getMaxValue() / 1000.0).as("max latency, ms").isGreaterThanOrEqualTo(550);
    // About 60 arrivals fall in the stall and wait for it: the tail shows it, not only the maximum.
    assertThat(stats.allDurations().getValueAtPercentile(90) / 1000.0).as("p90, ms").isGreaterThan(100);
    assertThat(stats.iterations()).isEqualTo(300);
  }

  @Test
  void arrivalsWithoutAFreeVuAreDroppedAndCountedNotDelayed() throws Exception {
    Stats stats = runWithStall(5);

    assertThat(stats.dropped()).as("dropped during the stall").isGreaterThan(30);
    assertThat(stats.iterations() + stats.dropped()).isEqualTo(300);
  }
}
