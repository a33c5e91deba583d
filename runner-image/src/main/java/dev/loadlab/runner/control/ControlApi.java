package dev.loadlab.runner.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.loadlab.results.control.RunnerProgress;
import com.sun.net.httpserver.HttpHandler;
import dev.loadlab.runner.LoadRun;
import dev.loadlab.results.ResultsCodec;
import dev.loadlab.results.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The runner's control API, on the port of {@code /metrics} or a port of its own ({@code --control-port}, as in runner
 * pods): how the operator starts every runner at one instant, follows them, collects their results and releases them.
 * With a token (runner pods get one each in {@code LOADLAB_CONTROL_TOKEN}), every call but the probes must carry it.
 * <ul>
 *   <li>{@code GET /healthz}: the process answers.</li>
 *   <li>{@code GET /readyz}: 200 once the test is compiled (the runner waits for {@code /start} or runs).</li>
 *   <li>{@code POST /start?at=EPOCH_MS}: start at that wall-clock instant (now if absent or past); 409 if started.</li>
 *   <li>{@code POST /stop}: stop the run now (interrupting iterations); results stay served. A runner still
 *   waiting for its start leaves.</li>
 *   <li>{@code POST /release}: the results are collected; the runner leaves (stopping the run if need be).</li>
 *   <li>{@code GET /progress}: state, elapsed time, VUs, requests, failures, iterations, the durations' histogram so
 *       far, the start instant asked for ({@link RunnerProgress}); with {@code ?totals=true} also everything recorded so
 *       far, without intervals and traces (what the operator judges abortOnFail on).</li>
 *   <li>{@code GET /results}: everything recorded, in the versioned results format ({@link ResultsCodec}).</li>
 * </ul>
 */
public final class ControlApi implements HttpHandler, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public enum State { WAITING, RUNNING, FINISHED }

  private final LoadRun run;
  private final int index;
  private final int count;
  private final byte[] token;
  private final CompletableFuture<Long> startAt = new CompletableFuture<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile State state = State.WAITING;
  private volatile long startedAtMillis;
  private volatile long endedAtMillis;

  public ControlApi(LoadRun run, int index, int count) {
    this(run, index, count, null);
  }

  /**
   * @param token when not null, every call but {@code /healthz} and {@code /readyz} must carry
   *     {@code Authorization: Bearer <token>} (the operator puts a token of its own in each runner pod's environment)
   */
  public ControlApi(LoadRun run, int index, int count, String token) {
    this.run = run;
    this.index = index;
    this.count = count;
    this.token = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Only {@code /healthz} and {@code /readyz}: what the metrics port answers besides /metrics when control has its own. */
  public HttpHandler probes(int controlPort) {
    return exchange -> {
      try (exchange) {
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        switch (route) {
          case "GET /healthz" -> send(exchange, 200, JSON.createObjectNode().put("status", "ok"));
          case "GET /readyz" -> send(exchange, 200, status());
          default -> send(exchange, 404, JSON.createObjectNode().put("error", "no " + route + " on this port: /metrics, "
              + "/healthz and /readyz; the control API is on port " + controlPort));
        }
      }
    };
  }

  private boolean authorized(HttpExchange exchange) {
    if (token == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && java.security.MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  /** Completes with the epoch-ms start instant asked by {@code POST /start}. */
  public CompletableFuture<Long> startRequested() {
    return startAt;
  }

  public void running(long epochMillis) {
    startedAtMillis = epochMillis;
    state = State.RUNNING;
  }

  public void finished() {
    endedAtMillis = System.currentTimeMillis();
    state = State.FINISHED;
  }

  /** Waits for {@code POST /release} at most this long; true when it came. */
  public boolean awaitRelease(long millis) throws InterruptedException {
    return released.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Nothing waits for a start any more. */
  @Override
  public void close() {
    startAt.cancel(false);
    released.countDown();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!path.equals("/healthz") && !path.equals("/readyz") && !authorized(exchange)) {
        send(exchange, 401, JSON.createObjectNode().put("error", "the control API needs this runner's token "
            + "(Authorization: Bearer ...): only the operator that created the pod steers it"));
        return;
      }
      switch (method + " " + path) {
        case "GET /healthz" -> send(exchange, 200, JSON.createObjectNode().put("status", "ok"));
        case "GET /readyz" -> send(exchange, 200, status());
        case "POST /start" -> start(exchange);
        case "POST /stop" -> {
          if (state == State.RUNNING) {
            run.stop();
          }
          startAt.cancel(false);
          send(exchange, 202, status());
        }
        case "POST /release" -> {
          if (state == State.RUNNING) {
            run.stop();
          }
          // Answer before releasing: a released runner closes this server, and the answer must be out first.
          send(exchange, 202, status());
          exchange.close();
          startAt.cancel(false);
          released.countDown();
        }
        case "GET /progress" -> send(exchange, 200, progress("totals=true".equals(exchange.getRequestURI().getQuery())));
        case "GET /results" -> send(exchange, 200, results());
        default -> send(exchange, 404, JSON.createObjectNode().put("error", "no " + method + " " + path
            + "; see /healthz, /readyz, /start, /stop, /release, /progress, /results, /metrics"));
      }
    }
  }

  private void start(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    long at = System.currentTimeMillis();
    if (query != null && query.startsWith("at=")) {
      try {
        at = Long.parseLong(query.substring(3));
      } catch (NumberFormatException e) {
        send(exchange, 400, JSON.createObjectNode().put("error", "at must be epoch milliseconds, e.g. /start?at=" + at));
        return;
      }
    }
    if (state != State.WAITING || !startAt.complete(at)) {
      send(exchange, 409, status().put("error", "already started"));
      return;
    }
    send(exchange, 202, status().put("startAt", at));
  }

  private ObjectNode status() {
    return JSON.createObjectNode().put("state", state.name()).put("runnerIndex", index).put("runnerCount", count);
  }

  /** @param withTotals everything recorded so far too: what the operator judges abortOnFail on, every poll */
  private ObjectNode progress(boolean withTotals) {
    double planned = run.plan().plannedEndNanos() / 1e9;
    if (state == State.WAITING) {
      return new RunnerProgress(state.name(), index, count, planned, run.stopReason(), null, 0, 0, 0, 0, 0, null,
          startAsked()).toJson();
    }
    Stats s = run.progress();
    long end = state == State.FINISHED ? endedAtMillis : System.currentTimeMillis();
    var p = new RunnerProgress(state.name(), index, count, planned, run.stopReason(), (end - startedAtMillis) / 1000.0,
        run.activeVUs(), s.requests(), s.failures(), s.iterations(), s.dropped(), s.allDurations(), startAsked());
    return (withTotals ? p.withTotals(run.snapshot()) : p).toJson();
  }

  /** The start instant {@code POST /start} asked for, null while none was asked (or the start was called off). */
  private Long startAsked() {
    return startAt.isDone() && !startAt.isCompletedExceptionally() ? startAt.join() : null;
  }

  private ObjectNode results() {
    ObjectNode o = status();
    o.put("startedAt", startedAtMillis).put("endedAt", endedAtMillis);
    Stats stats = state == State.WAITING ? new Stats() : run.snapshot();
    o.setAll(state == State.WAITING ? ResultsCodec.encode(stats) : ResultsCodec.encode(stats, run.intervals()));
    o.set("traces", JSON.valueToTree(run.traces()));
    o.set("health", run.health(stats));
    return o;
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
