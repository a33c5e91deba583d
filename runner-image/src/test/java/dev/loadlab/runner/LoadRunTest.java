package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.runner.engine.Segment;
import dev.loadlab.results.Stats;
import org.junit.jupiter.api.Test;

class LoadRunTest extends DemoTargetTest {

  @Test
  void requestsCountedEqualRequestsServed() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-vus, vus: 4, duration: 1s}",
        "[{http: {url: /products, checks: [{name: ok, expr: 'response.status == 200'}]}}, {http: {url: '/products/7'}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    // how many depends on the machine (a busy 2-core CI host); that every one is counted does not:
    // at least one iteration of each of the 4 VUs, 2 requests each
    assertThat(stats.requests()).isGreaterThanOrEqualTo(8).isEqualTo(target.requests());
    assertThat(stats.failures()).isZero();
    assertThat(TestRuns.resource(stats, "s", "GET /products").requests())
        .isEqualTo(target.state().requestsByPath().get("/products"));
    assertThat(stats.checks().get("ok")[0]).isEqualTo(TestRuns.resource(stats, "s", "GET /products").requests());
    assertThat(stats.iterations()).isEqualTo(stats.requests() / 2);
  }

  @Test
  void perVuIterationsRunExactlyVusTimesIterations() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: per-vu-iterations, vus: 7, iterations: 13}", "[{http: {url: /products/1}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.iterations()).isEqualTo(91);
    assertThat(target.requests()).isEqualTo(91);
  }

  @Test
  void sharedIterationsAreSharedExactly() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: shared-iterations, vus: 5, iterations: 257}", "[{http: {url: /products/1}}]");

    assertThat(TestRuns.run(test, Segment.WHOLE, 20).iterations()).isEqualTo(257);
    assertThat(target.requests()).isEqualTo(257);
  }

  @Test
  void constantArrivalRateStartsTheRateAsked() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: constant-arrival-rate, rate: 200, timeUnit: 1s, duration: 2s, "
        + "preAllocatedVUs: 20, maxVUs: 50}", "[{http: {url: /products/1}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.iterations()).isEqualTo(400);
    assertThat(stats.dropped()).isZero();
    assertThat(target.requests()).isEqualTo(400);
  }

  @Test
  void customMetricsFromTheChatEndpoint() throws Exception {
    var test = TestRuns.loadTest(target, "{executor: shared-iterations, vus: 2, iterations: 10}",
        "[{http: {method: POST, url: /v1/chat/completions, json: {messages: [{role: user, content: 'one two three'}]}, "
            + "metrics: [{name: cost, type: trend, units: usd, value: 'response.json.usage.prompt_tokens / 1000.0 * 0.03'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    var cost = stats.custom().get(new Stats.CustomKey("cost", "POST /v1/chat/completions"));
    assertThat(cost.count()).isEqualTo(10);
    assertThat(cost.sum()).isCloseTo(10 * 4 / 1000.0 * 0.03, within(1e-12));
  }
}
