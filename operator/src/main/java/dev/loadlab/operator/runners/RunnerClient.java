package dev.loadlab.operator.runners;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to the runners' control API ({@code /start}, {@code /progress}, {@code /results}, {@code /stop}, {@code /release}; see
 * docs/results-format.md). Every call is bounded by a timeout and answers for all runners at once, so a
 * silent runner costs one timeout per reconciliation, not one per runner.
 */
public final class RunnerClient implements RunnerControl {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Duration timeout;

  public RunnerClient(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public List<Answer> start(List<Runner> runners, long atEpochMillis) {
    return all(runners, "POST", "/start?at=" + atEpochMillis);
  }

  @Override
  public List<Answer> progress(List<Runner> runners, boolean withTotals) {
    return all(runners, "GET", withTotals ? "/progress?totals=true" : "/progress");
  }

  @Override
  public List<Answer> results(List<Runner> runners) {
    return all(runners, "GET", "/results");
  }

  @Override
  public List<Answer> stop(List<Runner> runners) {
    return all(runners, "POST", "/stop");
  }

  @Override
  public List<Answer> release(List<Runner> runners) {
    return all(runners, "POST", "/release");
  }

  private List<Answer> all(List<Runner> runners, String method, String path) {
    List<CompletableFuture<Answer>> calls = runners.stream().map(r -> call(r, method, path)).toList();
    return calls.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<Answer> call(Runner r, String method, String path) {
    var builder = HttpRequest.newBuilder(URI.create("http://" + r.address() + path)).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (r.token() != null) {
      builder.header("Authorization", "Bearer " + r.token());
    }
    var request = builder.build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(resp -> {
          try {
            return new Answer(r, resp.statusCode(), JSON.readTree(resp.body()), null);
          } catch (Exception e) {
            return new Answer(r, resp.statusCode(), null, "answered " + resp.statusCode() + " with a body that is not JSON");
          }
        })
        .exceptionally(e -> new Answer(r, 0, null, describe(e)));
  }

  private static String describe(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String what = cause.getClass().getSimpleName();
    return cause.getMessage() == null ? what : what + ": " + cause.getMessage();
  }
}
