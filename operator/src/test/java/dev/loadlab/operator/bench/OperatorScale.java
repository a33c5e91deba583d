package dev.loadlab.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The operator at scale (bench/operator-scale.sh): the real operator (its own build, a process) against the real API
 * server, driving one LoadTest of N runners (200 by default) that are simulated in this process: one control API each
 * on its own loopback address, serving a real run's recorded {@code /results} and progress with its compressed
 * durations histogram. Prints the operator's CPU (share of one core while the runners run), peak RSS, how often the
 * status' progress moved, the time from the last {@code /results} read to the merged status, and the API requests per
 * second the operator made. Not a test: figures depend on the machine.
 */
public final class OperatorScale {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path RUNNER_JAR = Path.of("..", "runner-image", "target", "loadlab-runner.jar").toAbsolutePath();
  private static final Path OPERATOR_JAR = TARGET.resolve("quarkus-app").resolve("quarkus-run.jar");

  private OperatorScale() {
  }

  public static void main(String[] args) throws Exception {
    int status = 0;
    try {
      measure(args);
    } catch (Throwable e) {
      e.printStackTrace();
      status = 1;
    }
    // the Kubernetes client's Vert.x threads are no daemons and outlive the client: without this the script never ends
    System.exit(status);
  }

  private static void measure(String[] args) throws Exception {
    int runners = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path work = Files.createDirectories(TARGET.resolve("operator-scale"));
    Path scripts = Path.of(System.getenv().getOrDefault("LOADLAB_K8S_SCRIPTS", "../../shared/k8s")).toAbsolutePath().normalize();
    String bin = System.getenv().getOrDefault("LOADLAB_K8S_BIN", "/opt/loadlab-k8s/bin");

    System.out.println("recording a real runner's /results (quickstart, 20 VUs, 15 s) ...");
    var recording = record(work);
    System.out.printf(Locale.ROOT, "  recorded: %,d bytes of /results, %,d bytes of compressed histogram in /progress%n",
        JSON.writeValueAsBytes(recording.results()).length, recording.durations().length());

    Path kubeconfig = work.resolve("kubeconfig");
    Map<String, String> env = Map.of("RUN_DIR", work.resolve("k8s").toString(), "KUBECONFIG_OUT", kubeconfig.toString(),
        "ETCD_PORT", "23379", "ETCD_PEER_PORT", "23380", "APISERVER_PORT", "27443", "K8S_BIN", bin);
    run(List.of("bash", scripts.resolve("stop.sh").toString()), env);
    String started = run(List.of("bash", scripts.resolve("start.sh").toString()), env);
    if (!Files.exists(kubeconfig)) {
      throw new IllegalStateException("the API server did not start:\n" + started);
    }
    Process operator = null;
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        var kubelet = new SimulatedKubelet(client, recording, seconds * 1000L)) {
      kubectl(kubeconfig, "apply", "--validate=false", "-f", Path.of("..", "crds", "yaml").toString());
      kubectl(kubeconfig, "wait", "--for=condition=Established", "--timeout=60s", "crd/loadtests.loadlab.dev");
      kubectl(kubeconfig, "create", "namespace", "scale");
      kubectl(kubeconfig, "create", "namespace", "loadlab-system");

      operator = startOperator(kubeconfig, work.resolve("operator.log"));
      long pid = operator.pid();
      waitForLeader(client);
      double apiBefore = apiRequests(kubeconfig);
      long kubeletBefore = kubelet.apiRequests.sum();

      var changes = new CopyOnWriteArrayList<long[]>(); // {nanos, phase ordinal, progress elapsed*100}
      var watch = client.resources(LoadTest.class).inNamespace("scale").withName("scale").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, LoadTest lt) {
          var s = lt.getStatus();
          if (s != null && s.phase != null) {
            changes.add(new long[] {System.nanoTime(), s.phase.ordinal(),
                s.progress == null || s.progress.elapsedSeconds == null ? -1 : Math.round(s.progress.elapsedSeconds * 100),
                s.record == null ? 0 : 1});
          }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
      });
      Path lt = work.resolve("scale.yaml");
      Files.writeString(lt, """
          apiVersion: loadlab.dev/v1alpha1
          kind: LoadTest
          metadata: {name: scale, namespace: scale}
          spec:
            target: http://demo-target:8080
            runners: %d
            scenarios:
              - name: browse
                load: {executor: constant-vus, vus: %d, duration: %ds}
                steps:
                  - http: {url: /products}
                  - http: {url: /products/42, resource: "GET /products/{id}"}
                  - sleep: 50ms
            thresholds:
              - {metric: http_req_duration, condition: "p(95) < 500ms"}
              - {metric: http_req_failed, condition: "rate < 0.01"}
          """.formatted(runners, runners * 20, seconds));
      long applied = System.nanoTime();
      kubectl(kubeconfig, "apply", "-f", lt.toString());

      Phase phase = awaitPhase(client, Phase.Running, Duration.ofMinutes(5), changes);
      long runningAt = System.nanoTime();
      double cpuAtRunning = cpuSeconds(pid);
      var threads = new ThreadCpu(pid); // sampled every 0.1 s: threads that end meanwhile count too
      System.out.printf(Locale.ROOT, "  %d runner pods Ready and started in %.1f s%n", runners, (runningAt - applied) / 1e9);
      phase = awaitEnd(client, Duration.ofSeconds(seconds + 120));
      long endedAt = System.nanoTime();
      double cpuAtEnd = cpuSeconds(pid);
      Map<String, Double> byThreads = threads.stop();
      double rssMb = peakRssMb(pid);
      double apiAfter = apiRequests(kubeconfig);
      long kubeletRequests = kubelet.apiRequests.sum() - kubeletBefore;
      watch.close();
      var status = client.resources(LoadTest.class).inNamespace("scale").withName("scale").get().getStatus();

      // progress moves while Running: the intervals between changes of status.progress.elapsedSeconds
      var gaps = new ArrayList<Double>();
      long last = -1;
      long lastElapsed = Long.MIN_VALUE;
      long finishedRunning = runningAt;
      for (long[] c : changes) {
        if (c[1] == Phase.Running.ordinal() && c[2] != lastElapsed) {
          if (last > 0) {
            gaps.add((c[0] - last) / 1e9);
          }
          last = c[0];
          lastElapsed = c[2];
          finishedRunning = c[0];
        }
      }
      gaps.sort(null);
      long finalAt = changes.stream().filter(c -> c[1] != Phase.Running.ordinal() && c[1] != Phase.Stopping.ordinal()
          && c[1] != Phase.Starting.ordinal() && c[1] != Phase.Pending.ordinal()).mapToLong(c -> c[0]).min().orElse(endedAt);
      double mergedAfter = (finalAt - kubelet.stats().lastResultsServedNanos) / 1e9;
      long recordAt = changes.stream().filter(c -> c[3] == 1).mapToLong(c -> c[0]).min().orElse(endedAt);
      double runSeconds = (finishedRunning - runningAt) / 1e9;
      double operatorRequests = apiAfter - apiBefore - kubeletRequests - 2; // the benchmark's own watch and get
      System.out.println();
      System.out.printf(Locale.ROOT, "operator with %d runners, %d s run (%s: %s)%n", runners, seconds, phase, status.message);
      System.out.printf(Locale.ROOT, "  %-52s %10s   %s%n", "figure", "measured", "target");
      System.out.printf(Locale.ROOT, "  %-52s %9.1f%%   <= 10%%%n", "CPU while the runners run (share of one core)",
          100 * (cpuAtEnd - cpuAtRunning) / ((endedAt - runningAt) / 1e9));
      System.out.printf(Locale.ROOT, "  %-52s %8.0f MB   <= 512 MB%n", "peak RSS (VmHWM)", rssMb);
      System.out.printf(Locale.ROOT, "  %-52s %9.2f s   <= 1 s%n", "last /results read -> merged status written", mergedAfter);
      System.out.printf(Locale.ROOT, "  %-52s %9.2f s%n", "merged status -> its run record in status.record", (recordAt - finalAt) / 1e9);
      System.out.printf(Locale.ROOT, "  %-52s %9.2f s   pollInterval (2 s)%n", "status.progress updated every (median)",
          gaps.isEmpty() ? Double.NaN : gaps.get(gaps.size() / 2));
      System.out.printf(Locale.ROOT, "  %-52s %9.2f s%n", "status.progress updated every (max)",
          gaps.isEmpty() ? Double.NaN : gaps.get(gaps.size() - 1));
      System.out.printf(Locale.ROOT, "  %-52s %9.1f /s%n", "operator's API requests (apiserver_request_total)",
          operatorRequests / ((endedAt - applied) / 1e9));
      System.out.printf(Locale.ROOT, "  %-52s %,10d%n", "control-API calls the runners answered", kubelet.stats().calls.sum());
      System.out.printf(Locale.ROOT, "  %-52s %,10d%n", "/results reads (totals and full)", kubelet.stats().results.sum());
      System.out.printf(Locale.ROOT, "  %-52s %,10d   (%d x recorded)%n", "summary requests", status.summary == null ? -1
          : status.summary.requests, runners);
      System.out.printf(Locale.ROOT, "  %-52s %9.1f s%n", "Running, by the status", runSeconds);
      System.out.println("  CPU while the runners run, by the operator's threads (share of one core; threads named with their"
          + " numbers as #, how many there were):");
      double window = (endedAt - runningAt) / 1e9;
      double seen = byThreads.values().stream().mapToDouble(Double::doubleValue).sum();
      byThreads.put("(threads that came and went between readings)", Math.max(0, cpuAtEnd - cpuAtRunning - seen));
      byThreads.entrySet().stream().filter(e -> e.getValue() >= 0.0005 * window).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> System.out.printf(Locale.ROOT, "    %-50s %9.1f%%%n", e.getKey(),
              100 * e.getValue() / ((endedAt - runningAt) / 1e9)));
    } finally {
      if (operator != null) {
        long stopping = System.nanoTime();
        operator.destroy();
        if (operator.waitFor(10, TimeUnit.SECONDS)) {
          System.out.printf(Locale.ROOT, "  the operator stopped on SIGTERM in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        } else {
          System.out.println("  the operator did not stop within 10 s of SIGTERM: killed");
          operator.destroyForcibly(); // it must not outlive the benchmark, and its API server
        }
      }
      run(List.of("bash", scripts.resolve("stop.sh").toString()), Map.of("RUN_DIR", work.resolve("k8s").toString()));
    }
  }

  /** A real runner's /results and final /progress histogram, from a short run against its own demo target. */
  private static SimulatedRunner.Recording record(Path work) throws Exception {
    Path yaml = work.resolve("record.yaml");
    Files.writeString(yaml, Files.readString(Path.of("..", "examples", "quickstart.yaml"))
        .replace("vus: 10, duration: 30s", "vus: 20, duration: 15s"));
    int port = 19190;
    var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
        RUNNER_JAR.toString(), "run", yaml.toString(), "--await-start", "--quiet", "--port=" + port, "--listen=127.0.9.1",
        "--runner-index=0", "--runner-count=1", "--linger=60s").redirectErrorStream(true)
        .redirectOutput(work.resolve("record.log").toFile());
    Process p = pb.start();
    var http = HttpClient.newHttpClient();
    String base = "http://127.0.9.1:" + port;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // starting
        }
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new IllegalStateException("the recording runner did not get ready: " + Files.readString(work.resolve("record.log")));
        }
        Thread.sleep(200);
      }
      http.send(HttpRequest.newBuilder(URI.create(base + "/start")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      ObjectNode progress;
      do {
        Thread.sleep(1000);
        progress = (ObjectNode) JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/progress")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
      } while (!"FINISHED".equals(progress.path("state").asText()));
      var results = (ObjectNode) JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/results")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      http.send(HttpRequest.newBuilder(URI.create(base + "/release")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      double rps = progress.path("requests").asDouble() / progress.path("elapsedSeconds").asDouble();
      return new SimulatedRunner.Recording(results, progress.path("durations").asText(), rps);
    } finally {
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  /**
   * The operator with the JVM options the chart gives it ({@code jvmOptions} in charts/loadlab/values.yaml), plus
   * OPERATOR_JVM_OPTIONS (e.g. a flight recording; later options win).
   */
  private static Process startOperator(Path kubeconfig, Path log) throws IOException {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String chart = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Path.of("..", "charts", "loadlab", "values.yaml").toFile()).path("jvmOptions").asText("");
    System.out.println("  operator JVM options (the chart's jvmOptions): " + chart);
    if (!chart.isBlank()) {
      command.addAll(List.of(chart.trim().split("\\s+")));
    }
    String extra = System.getenv("OPERATOR_JVM_OPTIONS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", OPERATOR_JAR.toString()));
    var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("QUARKUS_HTTP_PORT", "18181");
    pb.environment().put("LOADLAB_LEADER_ELECTION_NAMESPACE", "loadlab-system");
    return pb.start();
  }

  private static void waitForLeader(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var lease = client.resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class).inNamespace("loadlab-system")
          .withName("loadlab-operator").get();
      if (lease != null && lease.getSpec().getHolderIdentity() != null) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the operator did not take the leader Lease within 60 s");
  }

  private static Phase awaitPhase(KubernetesClient client, Phase wanted, Duration timeout, List<long[]> changes)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var lt = client.resources(LoadTest.class).inNamespace("scale").withName("scale").get();
      var s = lt == null ? null : lt.getStatus();
      if (s != null && (s.phase == wanted || s.endTime != null)) {
        if (s.phase != wanted) {
          throw new IllegalStateException("the run ended " + s.phase + ": " + s.message);
        }
        return s.phase;
      }
      Thread.sleep(200);
    }
    var lt = client.resources(LoadTest.class).inNamespace("scale").withName("scale").get();
    throw new IllegalStateException("not " + wanted + " within " + timeout + ": " + (lt == null ? "no LoadTest"
        : lt.getStatus() == null ? "no status" : lt.getStatus().phase + " " + lt.getStatus().message));
  }

  private static Phase awaitEnd(KubernetesClient client, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var s = client.resources(LoadTest.class).inNamespace("scale").withName("scale").get().getStatus();
      if (s.endTime != null && s.phase != Phase.Running && s.phase != Phase.Stopping && s.record != null) {
        return s.phase;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the run did not end within " + timeout);
  }

  /** user + system CPU seconds of a process, from /proc. */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
  }

  /**
   * user + system CPU seconds of a process's threads from now on, by group (names with their numbers taken out), from
   * /proc, read every 0.1 s so that the threads that end meanwhile are counted up to their last reading.
   */
  private static final class ThreadCpu {
    private final long pid;
    private final Map<String, double[]> start = new java.util.HashMap<>(); // tid -> cpu at the start
    private final Map<String, Map.Entry<String, Double>> last = new java.util.HashMap<>(); // tid -> (group, cpu)
    private final java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    ThreadCpu(long pid) {
      this.pid = pid;
      sample().forEach((tid, reading) -> start.put(tid, new double[] {reading.getValue()}));
      sampler.scheduleAtFixedRate(() -> {
        var now = sample();
        synchronized (last) {
          last.putAll(now);
        }
      }, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** CPU seconds by group, the group named with how many threads it had ("name (n threads)"). */
    Map<String, Double> stop() throws InterruptedException {
      sampler.shutdown();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
      synchronized (last) {
        last.putAll(sample());
        var byGroup = new java.util.TreeMap<String, Double>();
        var threads = new java.util.HashMap<String, Integer>();
        last.forEach((tid, reading) -> {
          byGroup.merge(reading.getKey(), reading.getValue() - (start.containsKey(tid) ? start.get(tid)[0] : 0), Double::sum);
          threads.merge(reading.getKey(), 1, Integer::sum);
        });
        var named = new java.util.TreeMap<String, Double>();
        byGroup.forEach((group, cpu) -> named.put(group + " (" + threads.get(group) + ")", cpu));
        return named;
      }
    }

    private Map<String, Map.Entry<String, Double>> sample() {
      var readings = new java.util.HashMap<String, Map.Entry<String, Double>>();
      try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks.toList()) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            readings.put(task.getFileName().toString(), Map.entry(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0));
          } catch (IOException | RuntimeException gone) {
            // the thread ended meanwhile
          }
        }
      } catch (IOException gone) {
        // the process ended
      }
      return readings;
    }
  }

  private static double peakRssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Every request the API server served so far (the sum of apiserver_request_total). */
  private static double apiRequests(Path kubeconfig) throws IOException, InterruptedException {
    String metrics = kubectl(kubeconfig, "get", "--raw", "/metrics");
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("apiserver_request_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum + 1; // this read itself
  }

  private static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(180, TimeUnit.SECONDS);
    return out;
  }
}
