package dev.loadlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checked-in CRDs on a real kube-apiserver (v1.20, see shared/k8s), driven with kubectl as a user
 * would: they install, the examples apply, bad input is refused at apply time, explain and get read well.
 * Skipped with a message where no API server binaries are installed; required on CI.
 */
class CrdsOnApiServerTest {
  private static final String VERSION = "1.20.2";
  private static KubeAPIServer server;
  private static Path kubeconfig;

  @BeforeAll
  static void startApiServer() throws Exception {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    boolean available = dir != null && Files.isExecutable(Path.of(dir, "k8s", VERSION + "-linux-amd64", "kube-apiserver"));
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the API server tests: run shared/k8s/install.sh and export "
          + "KUBE_API_TEST_DIR (.ci/run does both)");
    }
    assumeTrue(available, "no kube-apiserver: run ../shared/k8s/install.sh and export KUBE_API_TEST_DIR=... "
        + "to run the CRDs against a real API server");
    server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(dir).withApiServerVersion(VERSION).withOfflineMode(true).withUpdateKubeConfig(false).build());
    server.start();
    kubeconfig = Files.createTempFile("loadlab-kubeconfig", ".yaml");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    // The CRDs carry CEL rules that a 1.20 server does not know: kubectl's client-side check would refuse
    // them, the server drops them and enforces the rest of the schema (the rules are tested in BadDocumentsTest).
    // A freshly started API server can still refuse for a moment (e.g. while its RBAC or CRD controllers start).
    Result applied = retry(() -> kubectl(null, "apply", "--validate=false", "-f", CrdFiles.CHECKED_IN.toString()));
    assertThat(applied.exitCode).as(applied.output).isZero();
    Result established = retry(() -> kubectl(null, "wait", "--for=condition=Established", "--timeout=60s",
        "crd/loadtests.loadlab.dev", "crd/dashboards.loadlab.dev"));
    assertThat(established.exitCode).as(established.output).isZero();
    // The server publishes a new CRD's OpenAPI (what explain and kubectl's own checks read) a little
    // after it is Established.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (kubectl(null, "explain", "loadtests.spec").exitCode != 0 || kubectl(null, "explain", "dashboards.spec").exitCode != 0) {
      assertThat(System.nanoTime()).as("CRD OpenAPI published within 60s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stopApiServer() throws IOException {
    if (server != null) {
      server.stop();
      Files.deleteIfExists(kubeconfig);
    }
  }

  @Test
  void everyExampleApplies() {
    Result r = kubectl(null, "apply", "-f", Path.of("..", "examples").toString());
    assertThat(r.exitCode).as(r.output).isZero();
    assertThat(r.output).contains("loadtest.loadlab.dev/llm-cost created", "dashboard.loadlab.dev/llm-cost-overview created");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      runners: 0                                    | spec.runners in body should be greater than or equal to 1
      scenarios: [{name: s, load: {executor: constant-users, duration: 1m}, steps: [{sleep: 1s}]}] | Unsupported value: "constant-users"
      scenarios: [{name: s, load: {executor: constant-vus, duration: 2 minutes}, steps: [{sleep: 1s}]}] | spec.scenarios.load.duration in body should match
      scenarios: [{name: s, load: {executor: constant-vus, duration: 1m}, steps: []}] | spec.scenarios.steps in body should have at least 1 items
      scenarios: [{name: s, load: {executor: constant-vus, duration: 1m}, steps: [{http: {url: /x, metrics: [{name: m, type: summary}]}}]}] | Unsupported value: "summary"
      cleanup: {policy: sometimes}                  | Unsupported value: "sometimes"
      thresholds: [{condition: 'p(95) < 1s'}]       | spec.thresholds.metric: Required value
      """)
  void schemaViolationIsRefusedAtApply(String specLine, String expected) {
    String spec = specLine.startsWith("scenarios")
        ? specLine
        : specLine + "\n  scenarios: [{name: s, load: {executor: constant-vus, duration: 1m}, steps: [{sleep: 1s}]}]";
    String doc = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: refused}\nspec:\n  " + spec + "\n";

    Result r = kubectl(doc, "apply", "--validate=false", "-f", "-");

    assertThat(r.exitCode).as(r.output).isNotZero();
    assertThat(r.output).contains("The LoadTest \"refused\" is invalid").contains(expected);
  }

  @Test
  void unknownFieldIsRefusedByKubectl() {
    String doc = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: typo}\nspec:\n"
        + "  scenarios: [{name: s, lod: {executor: constant-vus, duration: 1m}, steps: [{sleep: 1s}]}]\n";
    Result r = kubectl(doc, "apply", "-f", "-");
    assertThat(r.exitCode).isNotZero();
    assertThat(r.output).contains("unknown field \"lod\"");
  }

  @Test
  void explainDescribesNestedFields() {
    Result r = kubectl(null, "explain", "loadtest.spec.scenarios.steps.http");
    assertThat(r.exitCode).as(r.output).isZero();
    assertThat(r.output).contains("An HTTP request.", "resource", "Resource label of this request's metrics");

    Result root = kubectl(null, "explain", "loadtests");
    assertThat(root.output).contains("A load test: scenarios with their load profile");
  }

  @Test
  void getShowsThePrinterColumnsInOrder() {
    kubectl(null, "apply", "-f", Path.of("..", "examples", "quickstart.yaml").toString());
    Result r = kubectl(null, "get", "lt");
    assertThat(r.output.lines().findFirst().orElse("")).matches(
        "NAME\\s+PHASE\\s+RUNNERS\\s+RPS\\s+P95\\s+ERRORS\\s+THRESHOLDS\\s+RUNNER HEALTH\\s+AGE\\s*");
    Result dash = kubectl(null, "get", "ltdash");
    assertThat(dash.exitCode).as(dash.output).isZero();
  }

  record Result(int exitCode, String output) {
  }

  private static Result retry(java.util.function.Supplier<Result> command) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Result r = command.get();
    while (r.exitCode != 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      r = command.get();
    }
    return r;
  }

  private static Result kubectl(String stdin, String... args) {
    var command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--namespace", "default"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 90s");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
