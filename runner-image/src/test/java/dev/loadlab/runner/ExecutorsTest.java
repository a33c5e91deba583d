package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every executor against the demo target on loopback: the counts a user asked for, split or not. */
class ExecutorsTest extends DemoTargetTest {

  /** Runs the runners of a split concurrently, started at the same instant, and merges what they recorded. */
  Stats runSplit(LoadTest test, int runners) throws Exception {
    var runs = new ArrayList<LoadRun>();
    var done = new ArrayList<CompletableFuture<Void>>();
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    for (int i = 0; i < runners; i++) {
      runs.add(new LoadRun(TestPlan.compile(test, new Segment(i, runners), Map.of()), new LoadRun.Options(1, Map.of(), false)));
    }
    for (LoadRun r : runs) {
      done.add(r.start(at));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    var merged = new Stats();
    for (LoadRun r : runs) {
      merged.add(r.snapshot());
      r.close();
    }
    return merged;
  }

  @ParameterizedTest(name = "{0} runner(s)")
  @ValueSource(ints = {1, 3})
  void sharedIterationsSplitAddUpExactly(int runners) throws Exception {
    var test = TestRuns.loadTest(target, "{executor: shared-iterations, vus: 4, iterations: 301}", "[{http: {url: /products/1}}]");
    assertThat(runSplit(test, runners).iterations()).isEqualTo(301);
    assertThat(target.requests()).isEqualTo(301);
  }

  @ParameterizedTest(name = "{0} runner(s)")
  @ValueSource(ints = {1, 2, 3})
  void perVuIterationsSplitByVus(int runners) throws Exception {
    var test = TestRuns.loadTest(target, "{executor: per-vu-iterations, vus: 5, iterations: 20}", "[{http: {url: /products/1}}]");
    assertThat(runSplit(test, runners).iterations()).isEqualTo(100);
  }

  @ParameterizedTest(name = "{0} runner(s)")
  @ValueSource(ints = {1, 2, 3})
  void constantArrivalRateSplitStartsEveryArrivalOnce(int runners) throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-arrival-rate, rate: 150, timeUnit: 1s, duration: 2s, "
        + "preAllocatedVUs: 30, maxVUs: 60}", "[{http: {url: /products/1}}]");
    Stats stats = runSplit(test, runners);
    assertThat(stats.iterations() + stats.dropped()).isEqualTo(300);
    assertThat(stats.dropped()).isZero();
    assertThat(target.requests()).isEqualTo(300);
  }

  @Test
  void rampingArrivalRateStartsTheAreaUnderTheRateCurve() throws Exception {
    // 0 -> 200/s over 2 s, then 200/s for 1 s: 200 + 200 iterations.
    var test = TestRuns.loadTest(target, "{executor: ramping-arrival-rate, startRate: 0, timeUnit: 1s, "
        + "preAllocatedVUs: 20, maxVUs: 100, stages: [{duration: 2s, target: 200}, {duration: 1s, target: 200}]}",
        "[{http: {url: /products/1}}]");
    Stats stats = runSplit(test, 2);
    assertThat(stats.iterations()).isEqualTo(400);
    assertThat(target.requests()).isEqualTo(400);
  }

  @Test
  void arrivalRateHoldsItsRateWithinTwoPercent() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-arrival-rate, rate: 500, timeUnit: 1s, duration: 3s, "
        + "preAllocatedVUs: 50, maxVUs: 200}", "[{http: {url: /products/1}}]");
    var plan = TestPlan.compile(test, Segment.WHOLE, Map.of());
    try (var run = new LoadRun(plan, LoadRun.Options.defaults())) {
      var done = run.start();
      // The rate the target saw between two instants inside the run, each read from the clock when sampled,
      // so the test's own sleeping does not enter the figure.
      Thread.sleep(500);
      long t1 = System.nanoTime();
      long n1 = target.requests();
      Thread.sleep(2000);
      long t2 = System.nanoTime();
      long n2 = target.requests();
      done.get(30, TimeUnit.SECONDS);
      double rate = (n2 - n1) / ((t2 - t1) / 1e9);
      assertThat(rate).isBetween(490.0, 510.0);
    }
  }

  @Test
  void rampingVusFollowsTheStages() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: ramping-vus, startVUs: 0, gracefulRampDown: 1s, "
        + "stages: [{duration: 1s, target: 8}, {duration: 1s, target: 8}, {duration: 1s, target: 2}]}",
        "[{http: {url: /products/1}}, {sleep: 50ms}]");
    var plan = TestPlan.compile(test, Segment.WHOLE, Map.of());
    var samples = new ArrayList<Integer>();
    try (var run = new LoadRun(plan, LoadRun.Options.defaults())) {
      var done = run.start();
      for (long at : new long[] {500, 1500, 1900, 2500}) {
        Thread.sleep(Math.max(0, run.startNanos() + at * 1_000_000L - System.nanoTime()) / 1_000_000);
        samples.add(run.activeVUs());
      }
      done.get(30, TimeUnit.SECONDS);
      assertThat(run.scenarios().get(0).allocatedVUs()).isEqualTo(8);
    }
    // t=0.5s: 4 VUs; t=1.5s, 1.9s: 8; t=2.5s: 5 on the way down to 2 (one more may be finishing its iteration).
    assertThat(samples.get(0)).isBetween(3, 5);
    assertThat(samples.get(1)).isEqualTo(8);
    assertThat(samples.get(2)).isEqualTo(8);
    assertThat(samples.get(3)).isBetween(4, 6);
  }

  @Test
  void constantVusKeepsExactlyItsVusBusy() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-vus, vus: 6, duration: 2s}", "[{http: {url: /products/1}}, {sleep: 20ms}]");
    var plan = TestPlan.compile(test, Segment.WHOLE, Map.of());
    try (var run = new LoadRun(plan, LoadRun.Options.defaults())) {
      var done = run.start();
      Thread.sleep(1000);
      assertThat(run.activeVUs()).isEqualTo(6);
      done.get(30, TimeUnit.SECONDS);
      // Each VU loops without pause beyond its 20 ms sleep: at most 2 s / 20 ms iterations each, and not far fewer.
      assertThat(run.snapshot().iterations()).isBetween(2 * 6 * 1000L / 40, 2 * 6 * 1000L / 20 + 6);
    }
  }
}
