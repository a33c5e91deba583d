package dev.loadlab.runner.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package) on loopback, scraping one target every second. Tests that
 * need it are skipped where it is not installed, and fail instead on CI, which installs it.
 */
final class RealPrometheus implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static void assumeInstalled(String tool) {
    boolean present = Files.isExecutable(Path.of(tool));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(tool + " is missing on CI: .ci/run installs the Debian package prometheus");
    }
    assumeTrue(present, tool + " not installed (apt-get install prometheus); skipping the real-Prometheus test");
  }

  RealPrometheus(int targetPort, Path dir) throws IOException, InterruptedException {
    this(targetPort, dir, false);
  }

  /** {@code nativeHistograms}: scrape protobuf and keep native histograms (Prometheus' feature flag). */
  RealPrometheus(int targetPort, Path dir, boolean nativeHistograms) throws IOException, InterruptedException {
    assumeInstalled(BINARY.toString());
    port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        + "scrape_configs:\n  - job_name: loadlab\n    static_configs: [{targets: ['127.0.0.1:" + targetPort + "']}]\n");
    var command = new java.util.ArrayList<>(java.util.List.of(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
    if (nativeHistograms) {
      command.add("--enable-feature=native-histograms");
    }
    process = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(200);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The vector result of an instant query (empty when there is no data yet). */
  JsonNode query(String promql) throws IOException, InterruptedException {
    String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
    JsonNode r = JSON.readTree(body);
    if (!"success".equals(r.path("status").asText())) {
      throw new IllegalStateException("query " + promql + " failed: " + body);
    }
    return r.path("data").path("result");
  }

  /** Waits until the query returns a sample whose value satisfies the check; returns the result. */
  JsonNode await(String promql, java.util.function.DoublePredicate check, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = query(promql);
      if (last.size() > 0 && check.test(last.get(0).path("value").get(1).asDouble())) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no sample of " + promql + " met the condition in " + seconds + "s; last: " + last);
  }

  static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
