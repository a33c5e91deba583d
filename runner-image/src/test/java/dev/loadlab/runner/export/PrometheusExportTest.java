package dev.loadlab.runner.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.runner.LoadRun;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics as Prometheus reads it: exact values, valid exposition (promtool), and a real server's scrape. */
class PrometheusExportTest extends dev.loadlab.runner.DemoTargetTest {
  static final String STEPS = "[{http: {method: POST, url: /checkout, json: {cartId: c1}, metrics: ["
      + "{name: conversion, type: rate, value: 'response.json.success'},"
      + "{name: order_value, type: trend, units: usd, value: 'response.json.total_amount', when: 'response.json.success'},"
      + "{name: checkout_time, type: timing, value: elapsedMs},"
      + "{name: orders, type: counter, units: orders, when: 'response.json.success', tags: {funnel: web}},"
      + "{name: queue, type: gauge, units: items, value: '7.0', perResource: false},"
      + "{name: outcome, type: histogram, key: \"response.json.success ? 'ok' : 'declined'\"}]}}]";

  TestPlan plan(String load) {
    var test = dev.loadlab.runner.TestRunsAccess.loadTest(target, load, STEPS);
    return TestPlan.compile(test, Segment.WHOLE, Map.of());
  }

  static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void metricsCarryExactValuesAndPassPromtool(@TempDir Path dir) throws Exception {
    try (var run = new LoadRun(plan("{executor: shared-iterations, vus: 1, iterations: 20}"), LoadRun.Options.defaults());
         var server = new MetricsServer("127.0.0.1", 0, new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs))) {
      run.start().get(20, TimeUnit.SECONDS);
      String text = scrape(server.port());

      String r = "resource=\"POST /checkout\"";
      assertThat(text)
          .contains("loadlab_http_reqs_total{method=\"POST\"," + r + ",scenario=\"s\",status=\"200\"} 20.0")
          .contains("loadlab_iterations_total{scenario=\"s\"} 20.0")
          .contains("conversion_total{" + r + ",value=\"true\"} 18.0", "conversion_total{" + r + ",value=\"false\"} 2.0")
          .contains("orders_total{funnel=\"web\"," + r + "} 18.0")
          .contains("outcome_total{key=\"declined\"," + r + "} 2.0", "outcome_total{key=\"ok\"," + r + "} 18.0")
          .contains("order_value_count{" + r + "} 18", "order_value_bucket{" + r + ",le=\"100.0\"} 18",
              "order_value_bucket{" + r + ",le=\"50.0\"} 0")
          .contains("checkout_time_seconds_count{" + r + "} 20")
          .contains("queue 7.0")
          .contains("# TYPE loadlab_http_req_duration_seconds histogram");

      RealPrometheus.assumeInstalled("/usr/bin/promtool");
      Path file = dir.resolve("metrics.txt");
      java.nio.file.Files.writeString(file, text);
      Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile())
          .redirectErrorStream(true).start();
      String verdict = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(verdict).isZero();
    }
  }

  /**
   * Every built-in metric BuiltInMetric says is exported is served, under that name, by a run that uses each kind of
   * step (HTTP with checks, a group and a stream, WebSocket, gRPC unary and streaming, a dropped arrival, a refused
   * connection): the exporter cannot drift from the one table.
   */
  @Test
  void everyExportedBuiltInMetricIsServedUnderTheNameTheTableGives() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var test = (dev.loadlab.api.loadtest.LoadTest) dev.loadlab.api.file.Manifests.read("all.yaml", """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: all}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: constant-arrival-rate, rate: 20, timeUnit: 1s, duration: 2s, preAllocatedVUs: 1, maxVUs: 1}
              steps:
                - group:
                    name: g
                    steps:
                      - http: {url: /products/1, checks: [{name: ok, expr: "response.status == 200"}]}
                      - http:
                          method: POST
                          url: /v1/chat/completions?ttftMs=5&tokenMs=1
                          json: {stream: true, max_tokens: 3}
                          stream: {events: sse}
                - websocket:
                    url: /ticker
                    send: [{json: {subscribe: IBM}}]
                - grpc: {target: "grpc://demo-target:9090", method: loadlab.demo.v1.Inventory/GetItem, message: {sku: a}}
                - grpc: {target: "grpc://demo-target:9090", method: loadlab.demo.v1.Chat/Generate,
                         message: {max_tokens: 2, ttft_ms: 1, token_ms: 1}}
                - http: {url: "http://127.0.0.1:CLOSED/", timeout: 1s}
                - sleep: 200ms
        """.replace("CLOSED", Integer.toString(closed))).get(0);
    var connectTo = Map.of("demo-target:8080", new java.net.InetSocketAddress("127.0.0.1", target.port()),
        "demo-target:9090", new java.net.InetSocketAddress("127.0.0.1", target.grpcPort()));
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), new LoadRun.Options(1, connectTo, false));
         var server = new MetricsServer("127.0.0.1", 0, new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs))) {
      run.start().get(30, TimeUnit.SECONDS);
      assertThat(run.snapshot().dropped()).as("one VU, 200 ms an iteration, for 20 arrivals a second: most dropped")
          .isPositive();
      String text = scrape(server.port());
      for (var m : dev.loadlab.api.validation.BuiltInMetric.values()) {
        String series = m.prometheusSeries();
        if (series == null) {
          assertThat(text).as(m.metricName() + " is kept out of Prometheus").doesNotContain("loadlab_" + m.metricName());
          continue;
        }
        assertThat(text).as(m.metricName() + " served as " + series).containsPattern("(?m)^" + java.util.regex.Pattern.quote(series)
            + "(_bucket|_count|_sum)?(\\{| )");
      }
      assertThat(text).as("a WebSocket session is no HTTP request").doesNotContainPattern("loadlab_http_req\\w*\\{[^}]*WS /ticker")
          .containsPattern("loadlab_data_sent_bytes_total\\{[^}]*resource=\"WS /ticker\"")
          .containsPattern("loadlab_ws_sessions_total\\{[^}]*resource=\"WS /ticker\"[^}]*ws_outcome=\"ok\"");
    }
  }

  @Test
  void aRealPrometheusScrapesTheRunnerAndPromqlReturnsTheMetrics(@TempDir Path dir) throws Exception {
    RealPrometheus.assumeInstalled(RealPrometheus.BINARY.toString());
    try (var run = new LoadRun(plan("{executor: constant-arrival-rate, rate: 40, timeUnit: 1s, duration: 4s, preAllocatedVUs: 5, maxVUs: 40}"),
            LoadRun.Options.defaults());
         var server = new MetricsServer("127.0.0.1", 0, new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs));
         var prometheus = new RealPrometheus(server.port(), dir)) {
      run.start().get(30, TimeUnit.SECONDS);
      var stats = run.snapshot();
      long requests = stats.requests();
      assertThat(requests + stats.dropped()).isEqualTo(160);
      long declined = requests / 10; // the demo target declines every 10th checkout

      // The runner keeps serving its final values; Prometheus must see exactly them.
      prometheus.await("sum(loadlab_http_reqs_total)", v -> v == requests, 20);
      var byStatus = prometheus.query("loadlab_http_reqs_total");
      assertThat(byStatus.get(0).path("metric").path("scenario").asText()).isEqualTo("s");
      assertThat(byStatus.get(0).path("metric").path("resource").asText()).isEqualTo("POST /checkout");
      assertThat(byStatus.get(0).path("metric").path("status").asText()).isEqualTo("200");
      assertThat(byStatus.get(0).path("metric").path("job").asText()).isEqualTo("loadlab");
      prometheus.await("sum(orders_total)", v -> v == requests - declined, 10);
      prometheus.await("sum(conversion_total{value=\"true\"}) / sum(conversion_total)",
          v -> Math.abs(v - (double) (requests - declined) / requests) < 1e-9, 10);
      prometheus.await("sum(outcome_total{key=\"declined\"})", v -> v == declined, 10);
      prometheus.await("histogram_quantile(0.5, sum by (le) (loadlab_http_req_duration_seconds_bucket))", v -> v > 0 && v < 1, 10);
      prometheus.await("sum(checkout_time_seconds_count)", v -> v == requests, 10);
      prometheus.await("order_value_sum / order_value_count", v -> Math.abs(v - 59.97) < 1e-6, 10);
    }
  }

  @Test
  void aPrometheusWithNativeHistogramsGetsThemByProtobuf(@TempDir Path dir) throws Exception {
    RealPrometheus.assumeInstalled(RealPrometheus.BINARY.toString());
    try (var run = new LoadRun(plan("{executor: shared-iterations, vus: 2, iterations: 50}"), LoadRun.Options.defaults());
         var server = new MetricsServer("127.0.0.1", 0, new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs));
         var prometheus = new RealPrometheus(server.port(), dir, true)) {
      run.start().get(30, TimeUnit.SECONDS);

      prometheus.await("histogram_count(sum(loadlab_http_req_duration_seconds))", v -> v == 50, 20);
      // The native median agrees with the runner's own within a native bucket (a factor of 2^(1/8)).
      double median = run.snapshot().allDurations().getValueAtPercentile(50) / 1e6;
      prometheus.await("histogram_quantile(0.5, sum(loadlab_http_req_duration_seconds))",
          v -> v > median / 1.1 && v < median * 1.1, 10);
    }
  }
}
