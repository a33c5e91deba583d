package dev.loadlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command, as a user types it (in-process), against the demo target it starts itself. */
class RunCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return LoadlabCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void quickstartRunsAgainstTheDemoTargetAndWritesItsSummary(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("summary.json");

    int code = run("run", "--quiet", "--vus", "3", "--duration", "2s", "--summary-json", json.toString(),
        "../examples/quickstart.yaml");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("demo target: serving demo-target at http://127.0.0.1:", "browse: 3 VUs for 2s");
    assertThat(out.toString()).contains("✓ ok", "✓ has price", "http_req_duration", "http_reqs", "GET /products/{id}");
    JsonNode status = new ObjectMapper().readTree(json.toFile());
    assertThat(status.path("thresholdsPassed").asText()).isEqualTo("2/2");
    assertThat(status.path("thresholds").get(0).path("metric").asText()).isEqualTo("http_req_duration");
    JsonNode summary = status.path("summary");
    assertThat(summary.path("requests").asLong()).isPositive().isEqualTo(2 * summary.path("iterations").asLong());
    assertThat(summary.path("failures").asLong()).isZero();
    assertThat(summary.path("checksFailed").asLong()).isZero();
    assertThat(summary.path("resources")).hasSize(2);
  }

  @Test
  void sigtermStopsTheRunAndPrintsTheSummaryOfWhatRan() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), LoadlabCommand.class.getName(),
        "run", "../examples/quickstart.yaml").redirectErrorStream(true).start();
    var output = new StringBuilder();
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
    // stopped once the progress line shows requests made (not after a fixed sleep: start-up and warm-up vary)
    var madeRequests = java.util.regex.Pattern.compile("\\| [1-9][\\d,]* reqs");
    String line;
    while ((line = reader.readLine()) != null) {
      output.append(line).append('\n');
      if (madeRequests.matcher(line).find()) {
        break;
      }
    }
    assertThat(line).as("a progress line with requests, in:%n%s", output).isNotNull();
    long stoppedAt = System.nanoTime();
    p.toHandle().destroy(); // SIGTERM, as kubectl delete would stop it (Process.destroy would also close our pipe)
    reader.lines().forEach(l -> output.append(l).append('\n'));
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat((System.nanoTime() - stoppedAt) / 1e9).as("seconds to stop").isLessThan(15);
    assertThat(output.toString()).contains("http_reqs", "iterations", "✓ ok");
  }

  @Test
  void aFailingAbortOnFailThresholdStopsTheTestAndExitsWith99(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("slow.yaml");
    java.nio.file.Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: slow}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: constant-vus, vus: 2, duration: 60s, gracefulStop: 1s}
              steps: [{http: {url: '/products/1?latencyMs=30'}}]
          thresholds:
            - {metric: http_req_duration, condition: "p(95) < 5ms", abortOnFail: true, delayAbortEval: 1s}
            - {metric: http_req_failed, condition: "rate < 0.01"}
        """);
    long started = System.nanoTime();

    int code = run("run", "--quiet", file.toString());

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_THRESHOLDS_FAILED);
    assertThat((System.nanoTime() - started) / 1e9).as("seconds, of a 60 s test").isLessThan(15);
    assertThat(out.toString()).contains("✗ http_req_duration p(95) < 5ms", "aborted the test", "✓ http_req_failed rate < 0.01",
        "1 of 2 thresholds failed; the test was aborted");
  }

  @Test
  void aResourceFloodStopsTheRunWithExitCode98(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flood.yaml");
    java.nio.file.Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: flood}
        spec:
          target: http://demo-target:8080
          metrics: {maxResources: 5}
          scenarios:
            - name: s
              load: {executor: shared-iterations, vus: 2, iterations: 1000}
              steps: [{http: {url: '/products/${iteration}'}}]
        """);

    int code = run("run", "--quiet", file.toString());

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_STOPPED);
    assertThat(out.toString()).contains("✗ the runner stopped the test: TooManyResources: spec.scenarios[0].steps[0].http");
  }

  @Test
  void summaryGroupsCustomMetricsByNamespaceWithTheirUnits(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ns.yaml");
    java.nio.file.Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: ns}
        spec:
          target: http://demo-target:8080
          metrics: {percentiles: [99.9]}
          scenarios:
            - name: s
              load: {executor: shared-iterations, vus: 1, iterations: 10}
              steps:
                - http:
                    url: /products
                    metrics:
                      - {name: listed, type: trend, namespace: Shop, units: items, value: "double(size(response.json.products))"}
                      - {name: pages, type: counter, units: pages}
        """);
    Path json = dir.resolve("out.json");

    assertThat(run("run", "--quiet", "--summary-json", json.toString(), file.toString())).isZero();

    String text = out.toString();
    assertThat(text.indexOf("Shop metrics")).isPositive().isLessThan(text.indexOf("User metrics"));
    assertThat(text).contains("listed{GET /products}", "items sum=100 items", "pages{GET /products}", "10 pages");
    JsonNode metrics = new ObjectMapper().readTree(json.toFile()).path("summary").path("metrics");
    assertThat(metrics.get(0).path("namespace").asText()).isEqualTo("Shop");
    assertThat(metrics.get(0).path("distribution").path("percentiles").path("p99.9").asDouble()).isEqualTo(10.0);
  }

  @Test
  void aGrpcMethodTheDemoTargetLacksStopsTheRunBeforeAnyLoadAndTheTerminationLogSaysWhy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("grpc.yaml");
    java.nio.file.Files.writeString(file, java.nio.file.Files.readString(Path.of("../examples/grpc-api.yaml"))
        .replace("loadlab.demo.v1.Chat/Generate", "loadlab.demo.v1.Chat/Complete"));
    Path log = dir.resolve("termination-log");

    int code = run("run", "--quiet", "--termination-log", log.toString(), file.toString());

    String why = "spec.scenarios[1].steps[0].grpc.method: service loadlab.demo.v1.Chat has no method Complete; it has Generate";
    assertThat(code).as(err.toString()).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("✗ LoadTest grpc-api: 1 problem", why).doesNotContain("VUs |");
    assertThat(java.nio.file.Files.readString(log)).contains(why);
    assertThat(out.toString()).doesNotContain("http_reqs");
  }

  @Test
  void secretBackedVariableMustBeExportedToRunLocally() {
    int code = run("run", "--quiet", "../examples/llm-cost.yaml");

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("spec.env[0]: OPENAI_API_KEY comes from Secret openai/apiKey in a cluster; "
        + "to run locally, export OPENAI_API_KEY=...");
  }

  @Test
  void runnerIndexOutsideTheCountIsRejected() {
    int code = run("run", "--runner-index", "2", "--runner-count", "2", "../examples/quickstart.yaml");

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("runner index 2 of 2: the index must be in 0..1");
  }

  @Test
  void overridesAreValidatedLikeTheFile() {
    int code = run("run", "--duration", "soon", "../examples/quickstart.yaml");

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("spec.scenarios[0].load.duration: \"soon\" is not a duration");
  }

  @Test
  void windowedThresholdsSayHowManyWindowsMetThemAndDecideTheExitCode(@TempDir Path dir) throws Exception {
    String test = """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: windows}
        spec:
          target: http://demo-target:8080
          metrics: {interval: 1s}
          scenarios:
            - name: s
              load: {executor: constant-arrival-rate, rate: 20, timeUnit: 1s, duration: 4s, preAllocatedVUs: 5}
              steps: [{http: {url: /products/1}}]
          thresholds:
            - {metric: http_req_duration, condition: 'p(95) < 5s', window: 1s, objective: 75%, ignoreFirst: 1s}
            - {metric: http_req_duration, condition: 'p(95) < 0.001ms', window: 2s, objective: 50%}
        """;
    Path file = dir.resolve("windows.yaml");
    java.nio.file.Files.writeString(file, test);
    Path json = dir.resolve("summary.json");

    int code = run("run", "--quiet", "--summary-json", json.toString(), file.toString());

    assertThat(code).as(err.toString()).isEqualTo(LoadlabCommand.EXIT_THRESHOLDS_FAILED);
    // 3 whole windows after the first second; a request still in flight at the end may add a short last one
    assertThat(out.toString())
        .containsPattern("✓ http_req_duration p\\(95\\) < 5s \\[window 1s, objective 75%, ignoreFirst 1s\\]  \\(([34]) of \\1 "
            + "windows met it \\(100%\\)")
        .containsPattern("✗ http_req_duration p\\(95\\) < 0.001ms \\[window 2s, objective 50%\\]  \\(0 of [23] windows met it "
            + "\\(0%\\), worst ");
    JsonNode first = new ObjectMapper().readTree(json.toFile()).path("thresholds").get(0);
    assertThat(first.path("windows").asInt()).isBetween(3, 4);
    assertThat(first.path("judgedBy").asText()).isEqualTo("window 1s, objective 75%, ignoreFirst 1s");
  }

  @Test
  void aSlowerRunFailsItsBaselineThresholdAgainstTheRecordOfAnEarlierOne(@TempDir Path dir) throws Exception {
    String test = """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: gate}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 2, iterations: 10}
              steps: [{http: {url: '/products/1?latencyMs=LATENCY', resource: product}}]
          thresholds:
            - {metric: http_req_duration, condition: 'p(95) < baseline * 1.5', baseline: {run: lastPassed}}
        """;
    Path fast = dir.resolve("fast.yaml");
    Path slow = dir.resolve("slow.yaml");
    java.nio.file.Files.writeString(fast, test.replace("LATENCY", "10"));
    // 40 times slower: a cold first request cannot lift the fast run's p95 to 400 / 1.5 ms
    java.nio.file.Files.writeString(slow, test.replace("LATENCY", "400"));
    Path record = dir.resolve("base.json.gz");

    int first = run("run", "--quiet", "--record", record.toString(), fast.toString());
    assertThat(first).as(err.toString()).isZero();
    assertThat(out.toString()).contains("✓ http_req_duration p(95) < baseline * 1.5  (observed: ",
        "; baseline none: no --baseline RECORD given)");
    out.getBuffer().setLength(0);

    int second = run("run", "--quiet", "--baseline", record.toString(), slow.toString());

    assertThat(second).as(out.toString()).isEqualTo(LoadlabCommand.EXIT_THRESHOLDS_FAILED);
    assertThat(out.toString()).containsPattern("✗ http_req_duration p\\(95\\) < baseline \\* 1.5  \\(observed: [0-9.,]+ms; "
        + "baseline run 1 of gate \\(" + java.util.regex.Pattern.quote(record.toString()) + "\\): [0-9.,]+ms, limit [0-9.,]+ms, \\+\\d+");

    assertThat(run("run", "--quiet", "--baseline", dir.resolve("nothing.json.gz").toString(), slow.toString()))
        .isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("✗ --baseline " + dir.resolve("nothing.json.gz") + ": no such file");
  }

  /**
   * One event loop asked for about two cores of CEL work (8,000 comparisons per check, 300 checks a second) against
   * the fast demo target: the runner cannot keep up, so the latencies it measures are mostly its own queue. The
   * verdict says so whatever the thresholds say. How far past the limits it goes depends on the machine; that it does
   * not keep up does not: the work is several times what one loop can do on any core of today.
   */
  @Test
  void aRunnerStarvedOfCpuEndsInconclusiveWithItsOwnExitCode(@TempDir Path dir) throws Exception {
    String ten = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]";
    String test = """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: starved}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: constant-arrival-rate, rate: 300, timeUnit: 1s, duration: 11s, preAllocatedVUs: 20, maxVUs: 40}
              steps:
                - http:
                    url: /products/1
                    checks: [{name: heavy, expr: "L.all(a, L.all(b, L.all(c, a * b * c > 0)))"}]
          thresholds:
            - {metric: http_req_failed, condition: rate < 0.01}
        """.replace("L.", ten + ".");
    Path file = dir.resolve("starved.yaml");
    java.nio.file.Files.writeString(file, test);
    Path json = dir.resolve("summary.json");

    int code = run("run", "--quiet", "--threads", "1", "--summary-json", json.toString(), file.toString());

    assertThat(code).as(out.toString()).isEqualTo(LoadlabCommand.EXIT_INCONCLUSIVE);
    assertThat(out.toString()).contains("✓ http_req_failed rate < 0.01", "⚠ the runner was saturated",
        "1 of 1 runner(s) saturated: runner local: ", "verdict: Inconclusive (exit code 97)", "--threads");
    JsonNode status = new ObjectMapper().readTree(json.toFile());
    assertThat(status.path("phase").asText()).isEqualTo("Inconclusive");
    assertThat(status.path("reason").asText()).isEqualTo("RunnerSaturated");
    assertThat(status.path("message").asText()).contains("thresholds: all 1 passed");
    JsonNode health = status.path("runnerHealth");
    assertThat(health.path("verdict").asText()).isEqualTo("Saturated");
    assertThat(health.path("runners").get(0).path("exceeded").toString()).as(health.toString())
        .containsAnyOf("eventLoopLag", "cpu");
  }
}
