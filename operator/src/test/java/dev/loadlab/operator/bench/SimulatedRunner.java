package dev.loadlab.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadlab.results.control.RunnerProgress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * One runner's control API as the operator meets it (its pod's control port and token), without a load loop: it takes a start, runs for a set time,
 * reports progress that grows with it (the recorded run's durations histogram, compressed as a runner sends it) and
 * serves a real run's recorded {@code /results} with its own start and end. For the operator-scale benchmark only.
 */
final class SimulatedRunner implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What every simulated runner serves: a real run's results and its final durations histogram (base64). */
  record Recording(ObjectNode results, String durations, double requestsPerSecond) {
  }

  private final HttpServer server;
  private final Recording recording;
  private final String token;
  private final long durationMillis;
  private final int index;
  private final int count;
  private final RunnerStats stats;
  private volatile Long startAt;
  private volatile long stoppedAt;
  private volatile boolean released;

  /** Figures all simulated runners share: when the last {@code /results} was served, how many calls came. */
  static final class RunnerStats {
    volatile long lastResultsServedNanos;
    final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder results = new java.util.concurrent.atomic.LongAdder();
  }

  SimulatedRunner(String ip, int port, String token, Recording recording, long durationMillis, int index, int count, RunnerStats stats,
      Executor executor) throws IOException {
    this.recording = recording;
    this.token = token == null ? null : "Bearer " + token;
    this.durationMillis = durationMillis;
    this.index = index;
    this.count = count;
    this.stats = stats;
    server = HttpServer.create(new InetSocketAddress(ip, port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  private String state(long now) {
    if (startAt == null || now < startAt) {
      return RunnerProgress.WAITING;
    }
    return stoppedAt > 0 || now >= startAt + durationMillis ? RunnerProgress.FINISHED : "RUNNING";
  }

  private long endedAt() {
    return stoppedAt > 0 ? stoppedAt : startAt + durationMillis;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      stats.calls.increment();
      long now = System.currentTimeMillis();
      String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      if (token != null && !token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, JSON.createObjectNode().put("error", "no token"));
        return;
      }
      switch (route) {
        case "GET /readyz", "GET /healthz" -> send(exchange, 200, JSON.createObjectNode().put("state", state(now)));
        case "POST /start" -> {
          String q = exchange.getRequestURI().getQuery();
          long at = q != null && q.startsWith("at=") ? Long.parseLong(q.substring(3)) : now;
          synchronized (this) {
            if (startAt != null) {
              send(exchange, 409, JSON.createObjectNode().put("error", "already started"));
              return;
            }
            startAt = at;
          }
          send(exchange, 202, JSON.createObjectNode().put("state", state(now)).put("startAt", at));
        }
        case "POST /stop" -> {
          if (startAt != null && stoppedAt == 0) {
            stoppedAt = Math.max(startAt, now);
          }
          send(exchange, 202, JSON.createObjectNode().put("state", state(now)));
        }
        case "POST /release" -> {
          released = true;
          send(exchange, 202, JSON.createObjectNode().put("state", state(now)));
        }
        case "GET /progress" -> {
          ObjectNode p = progress(now);
          if ("totals=true".equals(exchange.getRequestURI().getQuery()) && p.has("elapsedSeconds")) {
            // the recorded run's totals (what abortOnFail is judged on), as a runner sends them with its progress
            ObjectNode totals = recording.results().deepCopy();
            totals.remove(java.util.List.of("intervals", "traces", "health"));
            p.set("totals", totals);
          }
          send(exchange, 200, p);
        }
        case "GET /results" -> {
          ObjectNode r = recording.results().deepCopy();
          r.put("state", state(now)).put("runnerIndex", index).put("runnerCount", count);
          if (startAt != null) {
            r.put("startedAt", startAt).put("endedAt", Math.min(now, endedAt()));
          }
          send(exchange, 200, r);
          stats.results.increment();
          stats.lastResultsServedNanos = System.nanoTime();
        }
        default -> send(exchange, 404, JSON.createObjectNode().put("error", "no " + route));
      }
    }
  }

  private ObjectNode progress(long now) {
    String state = state(now);
    double planned = durationMillis / 1000.0;
    if (RunnerProgress.WAITING.equals(state)) {
      return new RunnerProgress(state, index, count, planned, null, null, 0, 0, 0, 0, 0, null, startAt).toJson();
    }
    double elapsed = (Math.min(now, endedAt()) - startAt) / 1000.0;
    long requests = (long) (recording.requestsPerSecond() * elapsed);
    ObjectNode o = new RunnerProgress(state, index, count, planned, null, elapsed, state.equals("RUNNING") ? 10 : 0,
        requests, requests / 1000, requests / 2, 0, null, startAt).toJson();
    // the histogram as a runner sends it (compressed, a few KB), encoded once: the operator's cost is decoding it
    return o.put("durations", recording.durations());
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  boolean released() {
    return released;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
