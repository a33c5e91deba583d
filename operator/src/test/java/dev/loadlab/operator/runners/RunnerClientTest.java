package dev.loadlab.operator.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control-API client against real HTTP servers on loopback: answers in the runners' order, each failure said. */
class RunnerClientTest {
  private Vertx vertx;
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/progress", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      byte[] body = ("{\"state\":\"RUNNING\",\"auth\":" + (auth == null ? "null" : "\"" + auth + "\"") + "}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/results", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS); // a runner that does not answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.createContext("/stop", exchange -> {
      byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void everyRunnerAnswersInItsOrderWithItsToken() {
    var client = new RunnerClient(vertx, Duration.ofSeconds(5));
    var runners = java.util.stream.IntStream.range(0, 20)
        .mapToObj(i -> new RunnerControl.Runner("lt-1-" + i, address(), i % 2 == 0 ? "token-" + i : null)).toList();
    var answers = client.progress(runners, false);
    assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(a.ok()).as(a.error()).isTrue());
    for (int i = 0; i < 20; i++) {
      assertThat(answers.get(i).runner().pod()).isEqualTo("lt-1-" + i);
      assertThat(answers.get(i).body().path("auth").isNull() ? null : answers.get(i).body().path("auth").asText())
          .isEqualTo(i % 2 == 0 ? "Bearer token-" + i : null);
    }
  }

  @Test
  void aSilentRunnerARefusedConnectionAndABodyThatIsNotJsonAreSaidAsSuch() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort(); // nothing listens there once it is closed
    }
    var client = new RunnerClient(vertx, Duration.ofSeconds(1));
    var silent = client.results(List.of(new RunnerControl.Runner("silent", address())));
    assertThat(silent.get(0).ok()).isFalse();
    assertThat(silent.get(0).error()).isEqualTo("no answer within 1s");

    var refused = client.progress(List.of(new RunnerControl.Runner("gone", "127.0.0.1:" + closed)), false);
    assertThat(refused.get(0).error()).startsWith("ConnectException");

    var garbled = client.stop(List.of(new RunnerControl.Runner("odd", address())));
    assertThat(garbled.get(0).ok()).isFalse();
    assertThat(garbled.get(0).error()).isEqualTo("answered 200 with a body that is not JSON");
  }
}
