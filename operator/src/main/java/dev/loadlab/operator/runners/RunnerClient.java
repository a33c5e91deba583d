package dev.loadlab.operator.runners;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Talks to the runners' control API ({@code /start}, {@code /progress}, {@code /results}, {@code /stop}, {@code /release}; see
 * docs/results-format.md). Every call is bounded by a timeout and answers for all runners at once, so a
 * silent runner costs one timeout per reconciliation, not one per runner.
 *
 * <p>Through Vert.x (the operator's own, from Quarkus): the calls to every runner are in flight at once on the event
 * loop, and no thread per call. A new connection per call: with kept-alive ones, a call now and then was neither
 * answered nor failed by Vert.x (docs/benchmarks.md), which a deadline of its own now bounds as well. (The JDK's HttpClient hands every answer of
 * {@code sendAsync} to CompletableFuture's default executor, which on a machine of two CPUs or fewer starts a new
 * thread for each: a hundred threads a second with 200 runners; docs/benchmarks.md.) The callers wait on a worker
 * thread, never on the event loop.
 */
public final class RunnerClient implements RunnerControl {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(RunnerClient.class);
  private final HttpClient http;
  private final Duration timeout;

  public RunnerClient(Vertx vertx, Duration timeout) {
    this.timeout = timeout;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(2));
  }

  @Override
  public List<Answer> start(List<Runner> runners, long atEpochMillis) {
    return all(runners, HttpMethod.POST, "/start?at=" + atEpochMillis);
  }

  @Override
  public List<Answer> progress(List<Runner> runners, boolean withTotals) {
    return all(runners, HttpMethod.GET, withTotals ? "/progress?totals=true" : "/progress");
  }

  @Override
  public List<Answer> results(List<Runner> runners) {
    return all(runners, HttpMethod.GET, "/results");
  }

  @Override
  public List<Answer> stop(List<Runner> runners) {
    return all(runners, HttpMethod.POST, "/stop");
  }

  @Override
  public List<Answer> release(List<Runner> runners) {
    return all(runners, HttpMethod.POST, "/release");
  }

  private List<Answer> all(List<Runner> runners, HttpMethod method, String path) {
    List<CompletableFuture<Answer>> calls = runners.stream().map(r -> call(r, method, path)).toList();
    return calls.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<Answer> call(Runner r, HttpMethod method, String path) {
    var options = new RequestOptions().setMethod(method).setAbsoluteURI("http://" + r.address() + path)
        .setTimeout(timeout.toMillis()); // Vert.x 4.5: no connection from the pool, or no data, within it: failed
    if (r.token() != null) {
      options.putHeader("Authorization", "Bearer " + r.token());
    }
    Future<Answer> answer = http.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> {
          try {
            return new Answer(r, response.statusCode(), JSON.readTree(body.getBytes()), null);
          } catch (Exception e) {
            return new Answer(r, response.statusCode(), null, "answered " + response.statusCode() + " with a body that is not JSON");
          }
        }))
        .otherwise(e -> new Answer(r, 0, null, describe(e)));
    // a deadline of its own, a second past Vert.x's timeout: whatever happens underneath (docs/benchmarks.md: a call that
    // Vert.x never completed nor failed), a reconciliation never waits longer
    long deadline = timeout.toMillis() + 1000;
    return answer.toCompletionStage().toCompletableFuture().completeOnTimeout(null, deadline, TimeUnit.MILLISECONDS)
        .thenApply(a -> {
          if (a != null) {
            return a;
          }
          LOG.warnf("%s %s of runner %s (%s): no answer nor error within %d ms", method, path, r.pod(), r.address(), deadline);
          return new Answer(r, 0, null, "no answer within " + timeout.toSeconds() + "s");
        });
  }

  /** Why a call got no answer, in the words of the exception's kind: "ConnectException: ...", "no answer within 5s". */
  private String describe(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return "no answer within " + timeout.toSeconds() + "s";
    }
    // Netty's AnnotatedConnectException and the like: named for what they are
    String what = cause instanceof java.net.ConnectException ? "ConnectException" : cause.getClass().getSimpleName();
    return cause.getMessage() == null ? what : what + ": " + cause.getMessage();
  }
}
