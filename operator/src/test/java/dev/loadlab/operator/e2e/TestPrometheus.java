package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package) on loopback scraping the runner pods the process kubelet runs, at their
 * pod IPs, with the target labels a cluster's Prometheus gives them through the operator's PodMonitor.
 */
final class TestPrometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private final Path dir;
  private final com.fasterxml.jackson.databind.node.ArrayNode targets = JSON.createArrayNode();

  private TestPrometheus(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * A runner pod with {@code prometheus.io/scrape: "true"} becomes a target {@code podIP:prometheus.io/port}
   * labelled as the operator's PodMonitor relabels it: namespace, pod, loadtest, runner, region.
   */
  synchronized void addPod(io.fabric8.kubernetes.api.model.Pod pod, String ip) {
    var annotations = pod.getMetadata().getAnnotations();
    if (annotations == null || !"true".equals(annotations.get("prometheus.io/scrape"))) {
      return;
    }
    var labels = pod.getMetadata().getLabels();
    var t = targets.addObject();
    t.putArray("targets").add(ip + ":" + annotations.get("prometheus.io/port"));
    var l = t.putObject("labels");
    l.put("__metrics_path__", annotations.getOrDefault("prometheus.io/path", "/metrics"));
    l.put("namespace", pod.getMetadata().getNamespace()).put("pod", pod.getMetadata().getName());
    l.put("loadtest", labels.getOrDefault("loadlab.dev/loadtest", "")).put("runner", labels.getOrDefault("loadlab.dev/runner", ""))
        .put("region", labels.getOrDefault("loadlab.dev/region", ""));
    try {
      Path tmp = dir.resolve("targets.json.tmp");
      Files.writeString(tmp, JSON.writeValueAsString(targets));
      Files.move(tmp, dir.resolve("targets.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/prometheus"));
  }

  static TestPrometheus start(Path dir) throws Exception {
    Files.createDirectories(dir);
    // Debian's Prometheus is built without Kubernetes discovery: the test lists the pods' scrape targets in a
    // file_sd file instead, from the same pod IP, port annotation and labels (see addPod).
    String config = """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: loadlab-runners
            scrape_interval: 1s
            scrape_timeout: 900ms
            file_sd_configs:
              - files: [%s]
                refresh_interval: 1s
        """.formatted(dir.resolve("targets.json"));
    Files.writeString(dir.resolve("targets.json"), "[]");
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=2h")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    var prom = new TestPrometheus(p, port, dir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!prom.ready()) {
      assertThat(p.isAlive()).as("prometheus running; see " + dir.resolve("prometheus.log")).isTrue();
      assertThat(System.nanoTime()).as("prometheus ready within 30s").isLessThan(deadline);
      Thread.sleep(250);
    }
    return prom;
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** An instant query at a given time: the result array (empty when nothing matches), or an error. */
  JsonNode query(String promql, Instant at) throws Exception {
    String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + at.getEpochSecond();
    var resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(resp.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + ": " + body.path("error").asText());
    }
    return body.path("data").path("result");
  }

  @Override
  public void close() {
    process.toHandle().destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.toHandle().destroyForcibly();
  }
}
