package dev.loadlab.api.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.MetricDefinition;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each deliberately broken document is rejected with an error at the field a user has to fix. */
class BadDocumentsTest {
  private static final String HEAD = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: bad}\n";
  private static final String LOAD = "{executor: constant-vus, vus: 1, duration: 10s}";
  private static final String STEP = "{http: {url: /x}}";

  /** A LoadTest with one scenario whose load and steps are given. */
  static String test(String load, String steps, String extra) {
    return HEAD + "spec:\n  target: http://127.0.0.1:8080\n  scenarios:\n    - name: s\n      load: " + load
        + "\n      steps: " + steps + "\n" + extra;
  }

  /** A LoadTest whose only step is this HTTP step (flow style, without braces). */
  static String http(String fields) {
    return test(LOAD, "[{http: {" + fields + "}}]", "");
  }

  static String dashboard(String spec) {
    return "apiVersion: loadlab.dev/v1alpha1\nkind: Dashboard\nmetadata: {name: d}\nspec: " + spec + "\n";
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        // envelope
        bad("wrong apiVersion", HEAD.replace("v1alpha1", "v1") + "spec: {scenarios: []}", "apiVersion", "use loadlab.dev/v1alpha1"),
        bad("no name", HEAD.replace("{name: bad}", "{}") + test(LOAD, "[" + STEP + "]", "").substring(HEAD.length()),
            "metadata.name", "required"),
        bad("name with capitals", test(LOAD, "[" + STEP + "]", "").replace("name: bad", "name: Bad_Test"),
            "metadata.name", "lowercase"),
        // spec structure
        bad("no scenarios", HEAD + "spec: {target: http://127.0.0.1}", "spec.scenarios", "required"),
        bad("empty scenarios", HEAD + "spec: {scenarios: []}", "spec.scenarios", "at least 1"),
        bad("unknown field with a near name", test(LOAD, "[" + STEP + "]", "  treshold: []\n"),
            "spec.treshold", "did you mean \"thresholds\""),
        bad("misspelt load", HEAD + "spec:\n  scenarios:\n    - {name: s, lod: " + LOAD + ", steps: [" + STEP + "]}\n",
            "spec.scenarios[0].lod", "did you mean \"load\""),
        bad("runners zero", test(LOAD, "[" + STEP + "]", "  runners: 0\n"), "spec.runners", "least allowed is 1"),
        // streams, HTTP versions, runner health
        bad("stream expression over the wrong subject", http("url: /x, stream: {events: sse, until: \"message.data == 'x'\"}"),
            "spec.scenarios[0].steps[0].http.stream.until", "variables here: event, response"),
        bad("stream without events", http("url: /x, stream: {until: \"event.index == 3\"}"),
            "spec.scenarios[0].steps[0].http.stream.events", "required"),
        bad("stream metric without value", http("url: /x, stream: {events: sse, metrics: [{name: t, type: trend}]}"),
            "spec.scenarios[0].steps[0].http.stream.metrics[0]", "value (a CEL expression) is required"),
        bad("HTTP version 3", http("url: /x, httpVersion: '3'"), "spec.scenarios[0].steps[0].http.httpVersion",
            "does not match"),
        // integers past their type (the API server refuses them with these maximums; the operator could not read them)
        bad("VUs past an int", test("{executor: constant-vus, vus: 2147483648, duration: 1m}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load.vus", "1000000"),
        bad("iterations past a long", test("{executor: shared-iterations, vus: 1, iterations: 9223372036854775808}",
            "[" + STEP + "]", ""), "spec.scenarios[0].load.iterations", "1000000000000"),
        // gRPC
        bad("gRPC target as a URL path", test(LOAD, "[{grpc: {target: 'http://h:9090/x', method: a.B/C}}]", ""),
            "spec.scenarios[0].steps[0].grpc.target", "does not match"),
        bad("gRPC target without port", test(LOAD, "[{grpc: {target: 'grpc://h', method: a.B/C}}]", ""),
            "spec.scenarios[0].steps[0].grpc.target", "must be grpc://HOST:PORT"),
        bad("gRPC method without service", test(LOAD, "[{grpc: {target: 'grpc://h:1', method: GetItem}}]", ""),
            "spec.scenarios[0].steps[0].grpc.method", "does not match"),
        bad("gRPC message as text", test(LOAD, "[{grpc: {target: 'grpc://h:1', method: a.B/C, message: 'sku=1'}}]", ""),
            "spec.scenarios[0].steps[0].grpc.message", "must be an object"),
        bad("gRPC check over an HTTP body", test(LOAD, "[{grpc: {target: 'grpc://h:1', method: a.B/C, "
            + "stream: {until: \"event.index == 2\"}}}]", ""),
            "spec.scenarios[0].steps[0].grpc.stream.until", "variables here: message, index"),
        bad("gRPC and HTTP in one step", test(LOAD, "[{grpc: {target: 'grpc://h:1', method: a.B/C}, http: {url: /x}}]", ""),
            "spec.scenarios[0].steps[0]", "exactly one of http, websocket, grpc, sleep or group"),
        bad("gRPC schema ConfigMap without key", test(LOAD, "[{grpc: {target: 'grpc://h:1', method: a.B/C, "
            + "schema: {configMapKeyRef: {name: protos}}}}]", ""),
            "spec.scenarios[0].steps[0].grpc.schema.configMapKeyRef.key", "required"),
        bad("runner CPU limit of nothing", test(LOAD, "[" + STEP + "]", "  runnerHealth: {maxCpu: 0%}\n"),
            "spec.runnerHealth.maxCpu", "above 0%"),
        bad("runner lag as a share", test(LOAD, "[" + STEP + "]", "  runnerHealth: {maxEventLoopLag: 20%}\n"),
            "spec.runnerHealth.maxEventLoopLag", "is not a duration"),
        bad("runners as text", test(LOAD, "[" + STEP + "]", "  runners: two\n"), "spec.runners", "must be integer"),
        bad("runners and regions", test(LOAD, "[" + STEP + "]", "  runners: 2\n  regions: [{name: eu, runners: 1}]\n"),
            "spec", "either runners"),
        bad("target not a URL", test(LOAD, "[" + STEP + "]", "").replace("http://127.0.0.1:8080", "127.0.0.1:8080"),
            "spec.target", "not an http(s) URL"),
        bad("duplicate scenario", HEAD + "spec:\n  target: http://h\n  scenarios:\n    - {name: a, load: " + LOAD
            + ", steps: [" + STEP + "]}\n    - {name: a, load: " + LOAD + ", steps: [" + STEP + "]}\n",
            "spec.scenarios[1].name", "already defined"),
        bad("scenario name with dash", test(LOAD, "[" + STEP + "]", "").replace("name: s\n", "name: my-scenario\n"),
            "spec.scenarios[0].name", "does not match"),
        // executors
        bad("unknown executor", test("{executor: constant-users, duration: 1m}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load.executor", "use one of"),
        bad("constant-vus without duration", test("{executor: constant-vus, vus: 5}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load", "constant-vus takes vus and duration"),
        bad("constant-vus with rate", test("{executor: constant-vus, vus: 5, duration: 1m, rate: 5}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load", "constant-vus takes"),
        bad("ramping-vus without stages", test("{executor: ramping-vus, startVUs: 1}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load", "ramping-vus takes"),
        bad("arrival rate without rate", test("{executor: constant-arrival-rate, duration: 1m, maxVUs: 5}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load", "constant-arrival-rate takes rate and duration"),
        bad("maxVUs below preAllocatedVUs", test("{executor: constant-arrival-rate, rate: 5, duration: 1m, preAllocatedVUs: 10, maxVUs: 5}",
            "[" + STEP + "]", ""), "spec.scenarios[0].load", "maxVUs must be at least preAllocatedVUs"),
        bad("iterations with duration", test("{executor: shared-iterations, iterations: 10, duration: 1m}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load", "shared-iterations take"),
        bad("malformed duration", test("{executor: constant-vus, vus: 1, duration: 2 minutes}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load.duration", "is not a duration"),
        bad("zero duration", test("{executor: constant-vus, vus: 1, duration: 0s}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load.duration", "longer than 0s"),
        bad("negative stage target", test("{executor: ramping-vus, stages: [{duration: 1m, target: -5}]}", "[" + STEP + "]", ""),
            "spec.scenarios[0].load.stages[0].target", "least allowed is 0"),
        // steps
        bad("no steps", test(LOAD, "[]", ""), "spec.scenarios[0].steps", "at least 1"),
        bad("step of two kinds", test(LOAD, "[{http: {url: /x}, sleep: 1s}]", ""),
            "spec.scenarios[0].steps[0]", "exactly one of http, websocket, grpc, sleep or group"),
        bad("sleep range backwards", test(LOAD, "[{sleep: 3s..1s}]", ""), "spec.scenarios[0].steps[0].sleep", "ends before it starts"),
        bad("sleep not a duration", test(LOAD, "[{sleep: soon}]", ""), "spec.scenarios[0].steps[0].sleep", "is not a duration"),
        bad("http without url", test(LOAD, "[{http: {method: GET}}]", ""), "spec.scenarios[0].steps[0].http.url", "required"),
        bad("unknown http method", http("url: /x, method: FETCH"), "spec.scenarios[0].steps[0].http.method", "use one of"),
        bad("body and json", http("url: /x, body: hi, json: {a: 1}"), "spec.scenarios[0].steps[0].http", "at most one of body, json or form"),
        bad("relative url without target", HEAD + "spec:\n  scenarios:\n    - {name: s, load: " + LOAD + ", steps: [" + STEP + "]}\n",
            "spec.scenarios[0].steps[0].http.url", "spec.target is not set"),
        bad("ftp url", http("url: ftp://127.0.0.1/x"), "spec.scenarios[0].steps[0].http.url", "must start with /"),
        bad("check that does not compile", http("url: /x, checks: [{name: ok, expr: 'response.status = = 200'}]"),
            "spec.scenarios[0].steps[0].http.checks[0].expr", "does not compile"),
        bad("check with unknown variable", http("url: /x, checks: [{name: ok, expr: 'resp.status == 200'}]"),
            "spec.scenarios[0].steps[0].http.checks[0].expr", "undeclared reference to 'resp'"),
        bad("empty group", test(LOAD, "[{group: {name: g, steps: []}}]", ""), "spec.scenarios[0].steps[0].group.steps", "at least 1"),
        bad("deep group step of two kinds", test(LOAD, "[{group: {name: a, steps: [{group: {name: b, steps: [{group: {name: c, "
            + "steps: [{group: {name: d, steps: [{sleep: 1s, http: {url: /x}}]}}]}}]}}]}}]", ""),
            "spec.scenarios[0].steps[0].group.steps[0].group.steps[0].group.steps[0].group.steps[0]", "exactly one of"),
        bad("websocket over http scheme", test(LOAD, "[{websocket: {url: 'http://127.0.0.1/ws'}}]", ""),
            "spec.scenarios[0].steps[0].websocket.url", "ws:// or wss://"),
        bad("websocket until does not compile", test(LOAD, "[{websocket: {url: /ws, receive: {until: 'message.json.price >'}}}]", ""),
            "spec.scenarios[0].steps[0].websocket.receive.until", "does not compile"),
        // custom metrics
        bad("metric name with dash", http("url: /x, metrics: [{name: llm-cost, type: trend, value: '1.0'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].name", "contains '-'; use '_' (llm_cost)"),
        bad("metric name with double underscore", http("url: /x, metrics: [{name: llm__cost, type: trend, value: '1.0'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].name", "contains \"__\""),
        bad("metric name too long", http("url: /x, metrics: [{name: " + "a".repeat(256) + ", type: trend, value: '1.0'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].name", "255"),
        bad("metric name of a built-in", http("url: /x, metrics: [{name: http_req_duration, type: trend, value: '1.0'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].name", "is a built-in metric"),
        bad("metric in the reserved namespace", http("url: /x, metrics: [{name: tokens, namespace: System, type: trend, value: '1.0'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].namespace", "reserved"),
        bad("counter without units", http("url: /x, metrics: [{name: calls, type: counter}]"),
            "spec.scenarios[0].steps[0].http.metrics[0]", "units is required for counters"),
        bad("histogram without key", http("url: /x, metrics: [{name: outcome, type: histogram, value: '1'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0]", "a histogram metric takes key"),
        bad("trend without value", http("url: /x, metrics: [{name: tokens, type: trend}]"),
            "spec.scenarios[0].steps[0].http.metrics[0]", "value (a CEL expression) is required"),
        bad("unknown metric type", http("url: /x, metrics: [{name: tokens, type: summary, value: '1'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].type", "use one of"),
        bad("metric value does not compile", http("url: /x, metrics: [{name: cost, type: trend, value: 'response.json.usage.'}]"),
            "spec.scenarios[0].steps[0].http.metrics[0].value", "does not compile"),
        bad("same metric, two types", test(LOAD, "[{http: {url: /a, metrics: [{name: tokens, type: trend, value: '1.0'}]}}, "
            + "{http: {url: /b, metrics: [{name: tokens, type: gauge, value: '1.0'}]}}]", ""),
            "spec.scenarios[0].steps[1].http.metrics[0].type", "declared elsewhere as trend"),
        bad("tag with a dash", http("url: /x, tags: {build-id: '7'}"), "spec.scenarios[0].steps[0].http.tags[\"build-id\"]",
            "is not a Prometheus label name"),
        bad("tag named like a built-in label", test(LOAD, "[" + STEP + "]", "").replace("name: s\n", "name: s\n      tags: {status: x}\n"),
            "spec.scenarios[0].tags.status", "a label loadlab sets itself"),
        // thresholds
        bad("threshold condition malformed", test(LOAD, "[" + STEP + "]", "  thresholds: [{metric: http_req_duration, condition: 'p95 < 500ms'}]\n"),
            "spec.thresholds[0].condition", "is not a threshold condition"),
        bad("threshold on unknown metric", test(LOAD, "[" + STEP + "]", "  thresholds: [{metric: tokens, condition: 'avg < 5'}]\n"),
            "spec.thresholds[0].metric", "neither a built-in metric"),
        bad("threshold aggregation wrong for type", test(LOAD, "[" + STEP + "]", "  thresholds: [{metric: http_req_failed, condition: 'p(95) < 1'}]\n"),
            "spec.thresholds[0].condition", "http_req_failed is a rate"),
        bad("delayAbortEval without abortOnFail", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_duration, condition: 'p(95) < 1s', delayAbortEval: 10s}]\n"),
            "spec.thresholds[0].delayAbortEval", "only applies with abortOnFail"),
        bad("window not a multiple of the interval", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_duration, condition: 'p(95) < 1s', window: 15s, objective: 99%}]\n"),
            "spec.thresholds[0].window", "15s is not a multiple of spec.metrics.interval (10s)"),
        bad("objective without window", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_duration, condition: 'p(95) < 1s', objective: 99%}]\n"),
            "spec.thresholds[0].objective", "set window too"),
        bad("objective not a share", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_duration, condition: 'p(95) < 1s', window: 10s, objective: '0.99'}]\n"),
            "spec.thresholds[0].objective", "does not match"),
        bad("window with abortOnFail", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_duration, condition: 'p(95) < 1s', window: 10s, abortOnFail: true}]\n"),
            "spec.thresholds[0].window", "drop abortOnFail or window"),
        bad("window on a metric intervals do not keep", test(LOAD, "[" + STEP + "]",
            "  thresholds: [{metric: http_req_waiting, condition: 'p(95) < 1s', ignoreFirst: 30s}]\n"),
            "spec.thresholds[0].ignoreFirst", "http_req_waiting is not recorded per interval"),
        bad("percentile out of range", test(LOAD, "[" + STEP + "]", "  thresholds: [{metric: http_req_duration, condition: 'p(120) < 1s'}]\n"),
            "spec.thresholds[0].condition", "out of range"),
        // env, cleanup, runner pods
        bad("env with value and valueFrom", test(LOAD, "[" + STEP + "]",
            "  env: [{name: KEY, value: x, valueFrom: {secretKeyRef: {name: s, key: k}}}]\n"), "spec.env[0]", "exactly one of value or valueFrom"),
        bad("secret ref without key", test(LOAD, "[" + STEP + "]", "  env: [{name: KEY, valueFrom: {secretKeyRef: {name: s}}}]\n"),
            "spec.env[0].valueFrom.secretKeyRef.key", "required"),
        bad("unknown cleanup policy", test(LOAD, "[" + STEP + "]", "  cleanup: {policy: sometimes}\n"), "spec.cleanup.policy", "use one of"),
        bad("negative ttl", test(LOAD, "[" + STEP + "]", "  cleanup: {ttlSecondsAfterFinished: -1}\n"),
            "spec.cleanup.ttlSecondsAfterFinished", "least allowed is 0"),
        bad("unknown pull policy", test(LOAD, "[" + STEP + "]", "  runner: {imagePullPolicy: Sometimes}\n"),
            "spec.runner.imagePullPolicy", "use one of"),
        // dashboards
        bad("dashboard with two sources", dashboard("{json: '{\"panels\": []}', panels: [{metric: http_reqs}]}"),
            "spec", "exactly one dashboard source"),
        bad("dashboard with no source", dashboard("{title: empty}"), "spec", "exactly one dashboard source"),
        bad("dashboard with a generated dashboard's uid", dashboard("{uid: lt_mine, panels: [{metric: http_reqs}]}"),
            "spec.uid", "kept for the dashboards generated for LoadTests"),
        bad("dashboard with the overview's uid", dashboard("{uid: loadlab-overview, panels: [{metric: http_reqs}]}"),
            "spec.uid", "the uid of the Helm chart's"),
        bad("dashboard json broken", dashboard("{json: '{\"panels\": [}'}"), "spec.json", "not valid JSON"),
        bad("dashboard gzipJson not gzip", dashboard("{gzipJson: bm90IGd6aXA=}"), "spec.gzipJson", "not base64 of gzipped JSON"),
        bad("dashboard panel metric and query", dashboard("{panels: [{metric: http_reqs, query: 'up'}]}"),
            "spec.panels[0]", "exactly one of metric or query"),
        bad("dashboard panel width", dashboard("{panels: [{metric: http_reqs, width: 30}]}"), "spec.panels[0].width", "most allowed is 24"),
        bad("dashboard uid too long", dashboard("{uid: " + "u".repeat(41) + ", panels: [{metric: http_reqs}]}"), "spec.uid", "does not match"),
        bad("unknown kind", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTests\nmetadata: {name: x}\n", "kind", "use LoadTest or Dashboard"));
  }

  static Arguments bad(String what, String yaml, String path, String messagePart) {
    return Arguments.of(what, yaml, path, messagePart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void badDocumentIsRejectedAtTheRightField(String what, String yaml, String path, String messagePart) {
    assertThatThrownBy(() -> Manifests.read("bad.yaml", yaml))
        .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(e.errors())
            .as("errors of <%s>", what)
            .anySatisfy(error -> {
              assertThat(error.path()).isEqualTo(path);
              assertThat(error.message()).contains(messagePart);
            }));
  }

  @Test
  void thereAreAtLeastThirtyBadDocuments() {
    assertThat(badDocuments().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void allProblemsAreReportedTogether() {
    String yaml = test("{executor: constant-vus, vus: 0, duration: forever}",
        "[{http: {url: /x, metrics: [{name: bad-name, type: trend, value: '1.0'}]}}]",
        "  runners: 0\n  thresholds: [{metric: nope, condition: 'avg < 1'}]\n");

    assertThatThrownBy(() -> Manifests.read("bad.yaml", yaml))
        .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(e.errors())
            .extracting(FieldError::path)
            .contains("spec.runners", "spec.scenarios[0].load.vus", "spec.scenarios[0].load.duration",
                "spec.scenarios[0].steps[0].http.metrics[0].name", "spec.thresholds[0].metric"))
        .hasMessageContaining("bad.yaml: ");
  }

  @Test
  void invalidYamlSaysWhichLine() {
    assertThatThrownBy(() -> Manifests.read("broken.yaml", HEAD + "spec:\n  scenarios: [\n  - a: b\n    c"))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("is not valid YAML: line");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> Manifests.read("dup.yaml", test(LOAD, "[" + STEP + "]", "  runners: 1\n  runners: 2\n")))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("Duplicate field 'runners'");
  }

  @Test
  void aStandaloneFileHoldsExactlyOneLoadTest(@TempDir Path dir) throws IOException {
    String one = test(LOAD, "[" + STEP + "]", "");
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, one + "---\n" + one.replace("name: bad", "name: other"));

    assertThat(Manifests.read(file)).hasSize(2);
    assertThatThrownBy(() -> Manifests.readLoadTest(file))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("expected exactly one LoadTest document, found 2");
    Files.writeString(file, one);
    assertThat(Manifests.readLoadTest(file).getSpec().scenarios.get(0).name).isEqualTo("s");
  }

  @Test
  void problemsOfAnObjectFromTheApiServerAreListed() {
    LoadTest lt = (LoadTest) Manifests.read("ok.yaml", http("url: /x")).get(0);
    var metric = new MetricDefinition();
    metric.name = "cost-usd";
    metric.type = MetricType.TREND;
    metric.value = "response.json.cost";
    lt.getSpec().scenarios.get(0).steps.get(0).http.metrics = List.of(metric);

    assertThat(Manifests.problems(lt)).extracting(FieldError::toString)
        .containsExactly("spec.scenarios[0].steps[0].http.metrics[0].name: \"cost-usd\" contains '-'; use '_' (cost_usd)");
  }

  @Test
  void runnerCountIsTheSumOverRegionsOrRunnersOrOne() {
    LoadTest lt = (LoadTest) Manifests.read("ok.yaml", test(LOAD, "[" + STEP + "]",
        "  regions: [{name: eu, runners: 2}, {name: us}]\n")).get(0);
    assertThat(lt.getSpec().runnerCount()).isEqualTo(3);
    lt.getSpec().regions = null;
    assertThat(lt.getSpec().runnerCount()).isEqualTo(1);
    lt.getSpec().runners = 4;
    assertThat(lt.getSpec().runnerCount()).isEqualTo(4);
  }
}
