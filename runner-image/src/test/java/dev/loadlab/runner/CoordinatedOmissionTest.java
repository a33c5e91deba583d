package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Coordinated omission. A target that stalls for 600 ms in the middle of an arrival-rate run (Hyperfoil's and wrk2's
 * test): the stall must show in the recorded latency, and arrivals that find no free VU are counted, not delayed. And
 * a runner that is itself late (its event loop blocked): that must show too.
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

  /**
   * The client is late, not the target: the runner's only event loop (VUs and arrival schedule alike) is blocked for
   * 150 ms a second into the run, and what is recorded from then on is judged. The iterations due meanwhile start
   * late, and their latency counts from when they should have started: without that (the intended start replaced by
   * "now"), every request looks as fast as the target, and this test fails (max 20.7 ms).
   */
  @Test
  void aBlockedEventLoopShowsInTheMaximumAndTheTail() throws Exception {
    // 5 s: the block lands a second in, with the run well under way whatever this machine's load
    var test = TestRuns.loadTest(target, "{executor: constant-arrival-rate, rate: 100, timeUnit: 1s, duration: 5s, "
        + "preAllocatedVUs: 50, maxVUs: 50}", "[{http: {url: /products/1}}]");
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), new LoadRun.Options(1, Map.of(), false))) {
      assertThat(run.eventLoops()).hasSize(1);
      var done = run.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (run.snapshot().iterations() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(20); // a second into the run, however late it started
      }
      // from here on: the first requests' own tail (connections, a cold JIT: 200-250 ms here) is not this test's
      Stats warm = run.snapshot();
      var blocked = new java.util.concurrent.CompletableFuture<Long>();
      run.eventLoops().get(0).execute(() -> {
        long from = System.nanoTime();
        while (System.nanoTime() - from < TimeUnit.MILLISECONDS.toNanos(150)) {
          Thread.onSpinWait(); // busy, as a long computation on the loop would be
        }
        blocked.complete(System.nanoTime() - from);
      });
      assertThat(blocked.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
      assertThat(done).as("the run goes on after the block").isNotDone();
      done.get(30, TimeUnit.SECONDS);
      Stats stats = dev.loadlab.results.StatsDifference.between(run.snapshot(), warm);

      // the first arrival due in the block waited all of it (and this machine may only add to that)
      assertThat(stats.allDurations().getMaxValue() / 1000.0).as("max latency, ms").isGreaterThanOrEqualTo(140);
      // about 15 of the last 400 arrivals fall in the block, waiting 0..150 ms: the top 1 % (the 5th longest) waited
      // 110 ms or more; without the intended start, 17-21 ms here
      assertThat(stats.allDurations().getValueAtPercentile(99) / 1000.0).as("p99, ms").isGreaterThanOrEqualTo(80);
    }
  }

  @Test
  void arrivalsWithoutAFreeVuAreDroppedAndCountedNotDelayed() throws Exception {
    Stats stats = runWithStall(5);

    assertThat(stats.dropped()).as("dropped during the stall").isGreaterThan(30);
    assertThat(stats.iterations() + stats.dropped()).isEqualTo(300);
  }
}
