package dev.loadlab.runner.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.results.ResultsCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as the operator drives it: wait for /start, run, serve /results, leave on /release. */
class ControlApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  int port;

  HttpResponse<String> call(String method, String path) throws Exception {
    var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path) throws Exception {
    return JSON.readTree(call("GET", path).body());
  }

  JsonNode awaitState(String state, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode p = null;
    while (System.nanoTime() < deadline) {
      try {
        p = get("/progress");
        if (state.equals(p.path("state").asText())) {
          return p;
        }
      } catch (java.io.IOException notListeningYet) {
        // the runner is still compiling the test
      }
      Thread.sleep(100);
    }
    throw new AssertionError("runner not " + state + " within " + seconds + "s; last: " + p);
  }

  @Test
  void runnerWaitsForStartRunsAtTheInstantServesResultsAndLeavesOnStop(@TempDir Path dir) throws Exception {
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: t}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: constant-arrival-rate, rate: 50, timeUnit: 1s, duration: 1s, preAllocatedVUs: 25, maxVUs: 25}
              steps: [{http: {url: /products/1}}]
        """);
    var out = new StringWriter();
    CompletableFuture<Integer> runner = CompletableFuture.supplyAsync(() -> dev.loadlab.runner.cli.LoadlabCommandAccess.run(
        new PrintWriter(out), "run", "--quiet", "--await-start", "--port", Integer.toString(port), "--linger", "60s",
        "--runner-index", "1", "--runner-count", "2", file.toString()));

    JsonNode waiting = awaitState("WAITING", 30);
    assertThat(waiting.path("runnerIndex").asInt()).isEqualTo(1);
    assertThat(call("GET", "/readyz").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/results").path("format").asText()).isEqualTo(ResultsCodec.FORMAT);

    long at = System.currentTimeMillis() + 700;
    assertThat(call("POST", "/start?at=" + at).statusCode()).isEqualTo(202);
    assertThat(call("POST", "/start").statusCode()).as("a second start").isEqualTo(409);
    Thread.sleep(400);
    assertThat(get("/progress").path("state").asText()).as("before the instant").isEqualTo("RUNNING");
    assertThat(get("/progress").path("requests").asLong()).as("before the instant").isZero();

    JsonNode finished = awaitState("FINISHED", 30);
    // an arrival no VU was free for (a busy machine) is dropped, not served: counted either way
    assertThat(finished.path("iterations").asLong() + finished.path("droppedIterations").asLong())
        .as("runner 1 of 2 takes every other arrival of 50: " + finished).isEqualTo(25);
    long served = finished.path("requests").asLong();
    assertThat(served).as("one request per iteration: " + finished).isEqualTo(finished.path("iterations").asLong()).isPositive();
    var progress = dev.loadlab.results.control.RunnerProgress.fromJson(finished);
    assertThat(progress.durations().getTotalCount()).as("the durations' histogram, for the operator to merge").isEqualTo(served);
    assertThat(progress.runnerIndex()).isEqualTo(1);
    JsonNode results = get("/results");
    assertThat(results.path("startedAt").asLong()).isEqualTo(at);
    assertThat(ResultsCodec.decode(results).requests()).isEqualTo(served);
    long inIntervals = 0;
    for (JsonNode i : ResultsCodec.intervals(results)) {
      inIntervals += ResultsCodec.decodeInterval(i).stats().requests();
    }
    assertThat(inIntervals).as("the intervals add up to the totals").isEqualTo(served);
    assertThat(results.path("health").path("cores").asInt()).isPositive();
    assertThat(progress.totals()).as("totals only when asked for").isNull();
    var withTotals = dev.loadlab.results.control.RunnerProgress.fromJson(get("/progress?totals=true"));
    assertThat(withTotals.totals().requests()).as("what abortOnFail is judged on").isEqualTo(served);
    assertThat(withTotals.totals().resources().values().iterator().next().requests()).isEqualTo(served);
    assertThat(runner).isNotDone();

    assertThat(call("POST", "/stop").statusCode()).isEqualTo(202);
    Thread.sleep(300);
    assertThat(runner).as("stopped, not released: results still served").isNotDone();
    assertThat(ResultsCodec.decode(get("/results")).requests()).isEqualTo(served);
    assertThat(call("POST", "/release").statusCode()).isEqualTo(202);
    assertThat(runner.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("http_reqs");
  }

  @Test
  void withAControlPortOfItsOwnTheMetricsPortServesOnlyMetricsAndProbes(@TempDir Path dir) throws Exception {
    int control;
    try (var s = new ServerSocket(0); var c = new ServerSocket(0)) {
      port = s.getLocalPort();
      control = c.getLocalPort();
    }
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: t}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 1, iterations: 2}
              steps: [{http: {url: /products/1}}]
        """);
    var log = new StringWriter();
    String metricsArg = Integer.toString(port);
    String controlArg = Integer.toString(control);
    CompletableFuture<Integer> runner = CompletableFuture.supplyAsync(() -> dev.loadlab.runner.cli.LoadlabCommandAccess.run(
        new PrintWriter(log, true), "run", "--quiet", "--await-start", "--port", metricsArg, "--control-port", controlArg,
        "--linger", "60s", file.toString()));
    int metricsPort = port;
    port = control;
    awaitState("WAITING", 30);
    port = metricsPort;
    assertThat(log.toString()).contains("metrics: http://127.0.0.1:" + metricsPort + "/metrics; control API on port " + control);
    assertThat(call("GET", "/readyz").statusCode()).as("the kubelet's probe, on the metrics port").isEqualTo(200);
    assertThat(call("GET", "/metrics").body()).contains("loadlab_");
    var refused = call("POST", "/start");
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body()).contains("the control API is on port " + control);
    assertThat(call("GET", "/results").statusCode()).as("results only on the control port").isEqualTo(404);
    port = control;
    assertThat(call("POST", "/start").statusCode()).isEqualTo(202);
    awaitState("FINISHED", 30);
    assertThat(ResultsCodec.decode(get("/results")).requests()).isEqualTo(2);
    assertThat(call("POST", "/release").statusCode()).isEqualTo(202);
    assertThat(runner.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withATokenEveryCallButTheProbesMustCarryIt() throws Exception {
    var api = new ControlApi(null, 0, 1, "s3cret");
    try (var server = new ControlServer("127.0.0.1", 0, api)) {
      port = server.port();
      assertThat(call("GET", "/healthz").statusCode()).isEqualTo(200);
      assertThat(call("GET", "/readyz").statusCode()).isEqualTo(200);
      var refused = call("POST", "/start");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("needs this runner's token");
      assertThat(call("GET", "/results").statusCode()).isEqualTo(401);
      var wrong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stop"))
          .header("Authorization", "Bearer guess").POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
      var right = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stop"))
          .header("Authorization", "Bearer s3cret").POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(right.statusCode()).as(right.body()).isEqualTo(202);
      assertThat(api.startRequested()).as("a stop before the start calls it off").isCancelled();
    }
  }
}
