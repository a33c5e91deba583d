package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.Stats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every example LoadTest runs against the demo target (shortened: 2 s, few iterations), and its custom
 * metrics equal what the demo target itself handed out.
 */
class ExamplesRunTest extends DemoTargetTest {
  /** What `loadlab run` would put together from the shell: the Secret-backed values exported, BUILD (optional) unset. */
  static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "demo", "API_KEY", "demo", "BUILD", "");

  Stats run(String example) throws Exception {
    LoadTest test = Manifests.readLoadTest(Path.of("..", "examples", example));
    for (var s : test.getSpec().scenarios) {
      var l = s.load;
      if (l.duration != null) {
        l.duration = "2s";
      }
      if (l.stages != null) {
        l.stages.forEach(st -> st.duration = "1s");
      }
      if (l.iterations != null) {
        l.iterations = Math.min(l.iterations, 5);
      }
      l.gracefulStop = "10s";
    }
    var connectTo = Map.of("demo-target:8080", new InetSocketAddress("127.0.0.1", target.port()),
        "demo-target:9090", new InetSocketAddress("127.0.0.1", target.grpcPort()));
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, ENV), new LoadRun.Options(0, connectTo, false))) {
      run.start().get(60, TimeUnit.SECONDS);
      Stats stats = run.snapshot();
      long sessions = (long) stats.custom().entrySet().stream().filter(e -> e.getKey().name().equals("ws_sessions"))
          .mapToDouble(e -> e.getValue().sum()).sum();
      assertThat(stats.requests() + sessions).as(example + " requests (gRPC calls included) and WebSocket sessions")
          .isPositive().isEqualTo(target.requests() + tally("grpc_calls"));
      assertThat(stats.expressionErrors()).as(example + " expression errors").isEmpty();
      assertThat(stats.connectionErrors()).as(example + " connection errors").isEmpty();
      return stats;
    }
  }

  CustomSeries metric(Stats s, String name, String resource) {
    CustomSeries c = s.custom().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name) && e.getKey().resource().equals(resource))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    assertThat(c).as(name + "{" + resource + "}").isNotNull();
    return c;
  }

  long tally(String what) {
    return target.state().tallies().getOrDefault(what, 0L);
  }

  @Test
  void llmCostEqualsTheTokensTheTargetHandedOut() throws Exception {
    Stats s = run("llm-cost.yaml");
    long prompt = tally("prompt_tokens");
    long completion = tally("completion_tokens");
    assertThat(prompt).isPositive();
    assertThat(metric(s, "llm_prompt_tokens", "chat").sum()).isEqualTo(prompt);
    assertThat(metric(s, "llm_completion_tokens", "chat").sum()).isEqualTo(completion);
    assertThat(metric(s, "llm_request_cost_usd", "chat").sum()).isCloseTo(prompt / 1000.0 * 0.03 + completion / 1000.0 * 0.06, within(1e-9));
    assertThat(metric(s, "llm_calls", "chat").sum()).isEqualTo(s.requests());
    assertThat(metric(s, "llm_outcome", "chat").buckets()).containsExactly(Map.entry("success", s.requests()));
  }

  @Test
  void llmStreamingCountsEveryEventAndTokenTheTargetStreamed() throws Exception {
    Stats s = run("llm-streaming.yaml");
    long streams = tally("streams");
    assertThat(streams).isPositive().isEqualTo(s.requests());
    assertThat(metric(s, "http_stream_events", "chat").sum()).as("every event, [DONE] included")
        .isEqualTo(tally("stream_events"));
    assertThat(metric(s, "http_stream_first_event", "chat").distribution().getTotalCount()).isEqualTo(streams);
    assertThat(metric(s, "llm_output_tokens", "chat").sum()).isEqualTo(tally("completion_tokens"));
    assertThat(metric(s, "llm_answer_cost_usd", "chat").sum())
        .isCloseTo(tally("prompt_tokens") / 1e6 * 2.5 + tally("completion_tokens") / 1e6 * 10.0, within(1e-9));
    assertThat(metric(s, "llm_output_tokens_per_second", "chat").distribution().getTotalCount()).isEqualTo(streams);
  }

  @Test
  void grpcApiCountsEveryCallAndStreamedMessageTheServerSent() throws Exception {
    Stats s = run("grpc-api.yaml");
    assertThat(metric(s, "grpc_stream_messages", "Chat/Generate").sum()).isEqualTo(tally("grpc_messages_sent"));
    assertThat(metric(s, "llm_output_tokens", "Chat/Generate").sum()).isEqualTo(tally("grpc_messages_sent"));
    assertThat(metric(s, "llm_completion_tokens", "Chat/Generate").sum()).isEqualTo(tally("grpc_messages_sent"));
    assertThat(s.checks().values()).allSatisfy(c -> assertThat(c[1]).as("failed checks").isZero());
    assertThat(s.failures()).isZero();
  }

  @Test
  void ecommerceConversionAndOrderValueEqualTheCheckoutsServed() throws Exception {
    Stats s = run("ecommerce-funnel.yaml");
    long succeeded = tally("checkouts_succeeded");
    var conversion = metric(s, "checkout_conversion", "POST /checkout");
    assertThat(conversion.nonZero()).isEqualTo(succeeded);
    assertThat(conversion.count()).isEqualTo(target.state().requestsByPath().get("/checkout"));
    assertThat(metric(s, "cart_abandonment", "POST /checkout").nonZero()).isEqualTo(conversion.count() - succeeded);
    assertThat(metric(s, "orders", "POST /checkout").sum()).isEqualTo(succeeded);
    assertThat(metric(s, "order_value_usd", "POST /checkout").sum()).isCloseTo(tally("order_cents") / 100.0, within(1e-6));
    assertThat(metric(s, "checkout_latency", "POST /checkout").count()).isEqualTo(conversion.count());
  }

  @Test
  void microserviceHealthCountsTheCacheHitsServed() throws Exception {
    Stats s = run("microservice-health.yaml");
    var hits = metric(s, "cache_hit_rate", "GET /api/orders");
    assertThat(hits.nonZero()).isEqualTo(tally("cache_hits"));
    assertThat(hits.count()).isEqualTo(s.requests());
    assertThat(metric(s, "queue_depth", "GET /api/orders").last()).isBetween(0.0, 49.0);
    assertThat(metric(s, "db_query_time", "GET /api/orders").min()).isGreaterThanOrEqualTo(5);
    assertThat(metric(s, "external_service_time", "GET /api/orders").max()).isLessThanOrEqualTo(65);
  }

  @Test
  void webSocketTickerTimesEverySubscription() throws Exception {
    Stats s = run("websocket-ticker.yaml");
    var tick = metric(s, "time_to_first_tick", "WS /ticker");
    assertThat(tick.count()).isEqualTo(target.state().requestsByPath().get("/ticker"));
    assertThat(tick.min()).as("the demo ticks 20 ms after subscribing (its timer may fire a little early)").isGreaterThanOrEqualTo(15);
    assertThat(metric(s, "ibm_price", "WS /ticker").last()).isBetween(140.0, 145.0);
    assertThat(s.requests()).as("sessions are not HTTP requests").isZero();
    var test = (LoadTest) Manifests.read(Path.of("..", "examples", "websocket-ticker.yaml")).get(0);
    var r = dev.loadlab.results.ThresholdEvaluator.evaluate(test.getSpec().thresholds, s, 1.0);
    assertThat(r).extracting(x -> x.metric).containsExactly("time_to_first_tick", "ws_sessions", "ws_connecting");
    assertThat(r.get(0).passed).as(r.get(0).condition + ": " + r.get(0).value).isTrue();
    assertThat(r.get(1).value).as("every session ok: 20 VUs x the 5 iterations this test keeps of the example's 10").isEqualTo(100.0);
    assertThat(r.get(2).passed).as(r.get(2).condition + ": " + r.get(2).value).isTrue();
  }

  @Test
  void outcomeHistogramMatchesTheErrorsInjected() throws Exception {
    Stats s = run("outcome-histogram.yaml");
    var outcome = metric(s, "outcome", "GET /api/orders");
    assertThat(outcome.buckets().getOrDefault("server_error", 0L)).isEqualTo(tally("errors_injected"));
    assertThat(outcome.buckets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.requests());
    assertThat(metric(s, "status_class", "").buckets().getOrDefault("5xx", 0L)).isEqualTo(tally("errors_injected"));
  }

  @Test
  void theSloAndRegressionGateExamplesRun() throws Exception {
    Stats s = run("checkout-slo.yaml");
    assertThat(s.checks().get("ok")[1]).isZero();
    target.state().reset();
    Stats gate = run("regression-gate.yaml");
    assertThat(gate.checks().get("ok")[1]).isZero();
  }

  @Test
  void quickstartAndTheFullFeaturedExampleRun() throws Exception {
    Stats quick = run("quickstart.yaml");
    assertThat(quick.checks().get("ok")[1]).isZero();
    target.state().reset();
    Stats full = run("regions-and-runner-pods.yaml");
    assertThat(full.checks().get("found")[1]).isZero();
    assertThat(metric(full, "search_results", "GET /products").min()).isEqualTo(10);
    // Scenario, step and metric tags reach the series as labels.
    assertThat(full.custom().keySet()).anySatisfy(k -> assertThat(k.tags())
        .containsEntry("team", "checkout").containsEntry("kind", "search"));
    assertThat(full.resources().keySet()).anySatisfy(k -> assertThat(k.tags())
        .containsEntry("team", "checkout").containsEntry("tier", "read"));
  }
}
