package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real kube-apiserver with the garbage collector (shared/k8s/start.sh), the CRDs applied with kubectl, the
 * process kubelet, and the operator running as a process of its own build (target/quarkus-app), as in a
 * cluster. Skipped with a message where the API server binaries are missing; required on CI.
 */
final class TestCluster implements AutoCloseable {
  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final Path RUN_DIR = TARGET.resolve("k8s-run");
  static final Path KUBECONFIG = TARGET.resolve("k8s-run.kubeconfig");
  static final Path RUNNER_JAR = Path.of("..", "runner-image", "target", "loadlab-runner.jar").toAbsolutePath();
  static final Path OPERATOR_JAR = TARGET.resolve("quarkus-app").resolve("quarkus-run.jar");

  final KubernetesClient client;
  final ProcessKubelet kubelet;
  /** Scrapes the runner pods it discovers through the API server; null where Prometheus is not installed. */
  final TestPrometheus prometheus;
  private final Path startScript;
  private Process operator;
  private int operatorRestarts;
  /** The Lease the replicas elect their leader with, in the operator's namespace as the chart sets it. */
  static final String OPERATOR_NAMESPACE = "loadlab-system";
  static final String LEASE = "loadlab-operator";
  static final String GRAFANA_NAMESPACE = "grafana";
  static final Duration FINAL_SCRAPE = Duration.ofSeconds(3);

  private TestCluster(Path startScript) throws Exception {
    this.startScript = startScript;
    Map<String, String> env = Map.of("RUN_DIR", RUN_DIR.toString(), "KUBECONFIG_OUT", KUBECONFIG.toString(),
        "ETCD_PORT", "22379", "ETCD_PEER_PORT", "22380", "APISERVER_PORT", "26443", "WITH_CONTROLLER_MANAGER", "1");
    script("stop.sh", env);
    Result started = script("start.sh", env);
    assertThat(started.exitCode()).as(started.output()).isZero();
    client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(KUBECONFIG))).build();
    Result crds = retry(() -> kubectl("apply", "--validate=false", "-f", Path.of("..", "crds", "yaml").toString()));
    assertThat(crds.exitCode()).as(crds.output()).isZero();
    Result established = retry(() -> kubectl("wait", "--for=condition=Established", "--timeout=60s",
        "crd/loadtests.loadlab.dev", "crd/dashboards.loadlab.dev"));
    assertThat(established.exitCode()).as(established.output()).isZero();
    kubelet = new ProcessKubelet(client, RUNNER_JAR, Files.createDirectories(TARGET.resolve("kubelet")),
        "app.kubernetes.io/managed-by=loadlab-operator");
    if (!TestPrometheus.installed() && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must check the dashboards' queries on a real Prometheus: apt-get install prometheus (.ci/run does)");
    }
    prometheus = TestPrometheus.installed() ? TestPrometheus.start(TARGET.resolve("prometheus")) : null;
    if (prometheus != null) {
      kubelet.onStarted(prometheus::addPod);
    }
    // the operator writes dashboards into Grafana's namespace, as for a sidecar that watches only its own
    Result grafana = kubectl("create", "namespace", GRAFANA_NAMESPACE);
    assertThat(grafana.exitCode()).as(grafana.output()).isZero();
    Result ns = kubectl("create", "namespace", OPERATOR_NAMESPACE);
    assertThat(ns.exitCode()).as(ns.output()).isZero();
    startOperator();
  }

  /** The cluster, or the test is skipped (outside CI) when no API server binaries are installed. */
  static TestCluster startOrSkip() throws Exception {
    String bin = System.getenv().getOrDefault("LOADLAB_K8S_BIN", "/opt/loadlab-k8s/bin");
    Path script = Path.of(System.getenv().getOrDefault("LOADLAB_K8S_SCRIPTS", "../../shared/k8s")).toAbsolutePath().normalize();
    boolean available = Files.isExecutable(Path.of(bin, "kube-apiserver")) && Files.isExecutable(Path.of(bin, "kube-controller-manager"))
        && Files.isExecutable(script.resolve("start.sh"));
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the end-to-end suite: run shared/k8s/install.sh and export "
          + "LOADLAB_K8S_BIN and LOADLAB_K8S_SCRIPTS (.ci/run does)");
    }
    assumeTrue(available, "no kube-apiserver/kube-controller-manager in " + bin + " or no start.sh in " + script
        + ": run ../shared/k8s/install.sh (and set LOADLAB_K8S_BIN / LOADLAB_K8S_SCRIPTS) to run the end-to-end suite");
    assertThat(RUNNER_JAR).as("the runner jar (built by the runner-image module)").exists();
    assertThat(OPERATOR_JAR).as("the operator (built in package)").exists();
    return new TestCluster(script);
  }

  void startOperator() throws IOException {
    startOperator(Map.of());
  }

  /** With extra environment, e.g. the LOADLAB_RECORDS_S3_* settings of a bucket for run records. */
  void startOperator(Map<String, String> extraEnv) throws IOException {
    operator = startReplica(extraEnv).process();
  }

  /** An operator process of its own: its identity in the Lease, and its log. */
  record Replica(String identity, Process process, Path log) {
  }

  /**
   * One more operator replica (the next {@code operator-N}), as the chart's second replica: it waits as a standby
   * until it holds the leader Lease. The cluster's operator stays the one it was, until {@link #adopt}.
   */
  Replica startReplica(Map<String, String> extraEnv) throws IOException {
    String identity = "operator-" + operatorRestarts++;
    Path log = TARGET.resolve(identity + ".log");
    var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-jar", OPERATOR_JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KUBECONFIG", KUBECONFIG.toString());
    try (var s = new ServerSocket(0)) {
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(s.getLocalPort()));
    }
    pb.environment().put("LOADLAB_LEADER_ELECTION_IDENTITY", identity);
    pb.environment().put("LOADLAB_LEADER_ELECTION_NAMESPACE", OPERATOR_NAMESPACE);
    pb.environment().put("LOADLAB_LEADER_ELECTION_LEASE_NAME", LEASE);
    // shorter than the chart's 15 s / 10 s / 2 s: a replica that follows a killed one waits for the Lease to run out
    pb.environment().put("LOADLAB_LEADER_ELECTION_LEASE_DURATION", "6s");
    pb.environment().put("LOADLAB_LEADER_ELECTION_RENEW_DEADLINE", "4s");
    pb.environment().put("LOADLAB_LEADER_ELECTION_RETRY_PERIOD", "1s");
    pb.environment().put("LOADLAB_POLL_INTERVAL", "1s");
    pb.environment().put("LOADLAB_UNRESPONSIVE_AFTER", "10s");
    pb.environment().put("LOADLAB_START_DEADLINE", "30s");
    // the test Prometheus scrapes every second: three scrapes of the final figures
    pb.environment().put("LOADLAB_RUNNER_FINAL_SCRAPE", FINAL_SCRAPE.toSeconds() + "s");
    pb.environment().put("LOADLAB_GRAFANA_NAMESPACE", GRAFANA_NAMESPACE);
    // one earlier run kept: the re-run test sees a run's record deleted once it leaves status.history
    pb.environment().put("LOADLAB_HISTORY_LIMIT", "1");
    pb.environment().putAll(extraEnv);
    return new Replica(identity, pb.start(), log);
  }

  /** The replica is now the cluster's operator (the one {@link #killOperator} kills and {@link #close} stops). */
  void adopt(Replica replica) {
    operator = replica.process();
  }

  /** Who holds the leader Lease now (null: nobody yet). */
  String leaseHolder() {
    var lease = client.resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class).inNamespace(OPERATOR_NAMESPACE)
        .withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /**
   * The loadlab command line as a user runs it against this API server (the runner jar, KUBECONFIG set); its exit
   * code and output.
   */
  Result loadlab(Path workDir, String... args) throws IOException, InterruptedException {
    return loadlab(workDir, Map.of(), args);
  }

  /** As {@link #loadlab(Path, String...)}, with extra environment (e.g. the user's AWS credentials). */
  Result loadlab(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        RUNNER_JAR.toString()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", KUBECONFIG.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("loadlab %s finished: %s", args, output).isTrue();
    return new Result(p.exitValue(), output);
  }

  /** SIGKILL: no goodbye, as when a node dies under the operator. */
  void killOperator() throws InterruptedException {
    operator.toHandle().destroyForcibly();
    operator.waitFor(10, TimeUnit.SECONDS);
  }

  String operatorLog() throws IOException {
    var out = new StringBuilder();
    for (int i = 0; i < operatorRestarts; i++) {
      Path p = TARGET.resolve("operator-" + i + ".log");
      if (Files.exists(p)) {
        List<String> lines = Files.readAllLines(p);
        out.append("--- ").append(p.getFileName()).append(" (last 40 lines)\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
      }
    }
    return out.toString();
  }

  LoadTest loadTest(String namespace, String name) {
    return client.resources(LoadTest.class).inNamespace(namespace).withName(name).get();
  }

  /** The run has ended: an end time, a phase past Running and Stopping, and its record (or why not) in status.record. */
  static boolean ended(LoadTest lt) {
    var s = lt == null ? null : lt.getStatus();
    // the record (or why there is none) follows the verdict in status.record at the next reconciliation
    return s != null && s.endTime != null && s.phase != Phase.Running && s.phase != Phase.Stopping && s.record != null;
  }

  /** "namespace/name run N: PHASE (REASON: MESSAGE)", what an assertion on a run's phase says first. */
  static String outcome(LoadTest lt) {
    if (lt == null) {
      return "(the LoadTest is gone)";
    }
    String who = lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName();
    var s = lt.getStatus();
    return s == null ? who + ": no status" : who + " run " + s.run + ": " + s.phase + " (" + s.reason + ": " + s.message + ")";
  }

  /** Waits for the LoadTest to satisfy the predicate; fails with its status and the operator's log. */
  LoadTest await(String namespace, String name, Duration timeout, String what, Predicate<LoadTest> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    LoadTest lt = null;
    while (System.nanoTime() < deadline) {
      lt = loadTest(namespace, name);
      if (lt != null && done.test(lt)) {
        return lt;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(namespace + "/" + name + ": not " + what + " within " + timeout.toSeconds() + "s; status: "
        + (lt == null ? "(gone)" : io.fabric8.kubernetes.client.utils.Serialization.asYaml(lt.getStatus())) + "\n" + operatorLog());
  }

  void namespace(String name) {
    Result r = kubectl("create", "namespace", name);
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  record Result(int exitCode, String output) {
  }

  Result kubectl(String... args) {
    var command = new ArrayList<>(List.of("kubectl", "--kubeconfig", KUBECONFIG.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  private Result script(String name, Map<String, String> env) {
    Path s = (startScript != null ? startScript : Path.of(System.getenv().getOrDefault("LOADLAB_K8S_SCRIPTS", "../../shared/k8s")))
        .resolve(name);
    var e = new java.util.HashMap<>(env);
    e.put("K8S_BIN", System.getenv().getOrDefault("LOADLAB_K8S_BIN", "/opt/loadlab-k8s/bin"));
    return run(List.of("bash", s.toString()), e);
  }

  private static Result run(List<String> command, Map<String, String> env) {
    try {
      var pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  private static Result retry(java.util.function.Supplier<Result> call) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Result r = call.get();
    while (r.exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      r = call.get();
    }
    return r;
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.toHandle().destroy();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (client != null) {
      client.close();
    }
    script("stop.sh", Map.of("RUN_DIR", RUN_DIR.toString()));
  }
}
