package dev.loadlab.runner.warmup;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.LoadRun;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runner's own request path for a moment before the test, against a demo target on loopback in this JVM, so
 * that the test's first seconds are measured by compiled code: a cold JVM runs its first thousands of requests
 * interpreted (on one core, a 5,000 iterations/s arrival-rate test dropped 3,022 of its first second's 5,000 arrivals;
 * with a 1 s warm-up 11, with 2 s none). Runner pods warm up before they serve /readyz. Gatling does the like with one request ({@code warmUp}); this runs the same classes as
 * the test (executors, VUs, the HTTP client, the metrics) with closed-model and arrival-rate VUs. Nothing of it is kept.
 */
public final class WarmUp {
  private WarmUp() {
  }

  /** Warms up for about {@code length} with {@code threads} event loops; a zero length does nothing. */
  public static void run(Duration length, int threads) throws Exception {
    if (length.isZero() || length.isNegative()) {
      return;
    }
    long half = Math.max(1, length.toMillis() / 2);
    try (DemoTarget demo = DemoTarget.start("127.0.0.1", 0, 1, -1)) {
      var test = (LoadTest) Manifests.read("warm-up.yaml", """
          apiVersion: loadlab.dev/v1alpha1
          kind: LoadTest
          metadata: {name: warm-up}
          spec:
            target: %s
            traces: {enabled: false}
            scenarios:
              - name: closed
                load: {executor: constant-vus, vus: 20, duration: %dms, gracefulStop: 1s}
                steps: [{http: {url: /healthz}}]
              - name: open
                load: {executor: constant-arrival-rate, rate: 5000, duration: %dms, preAllocatedVUs: 50, maxVUs: 200,
                       startTime: %dms, gracefulStop: 1s}
                steps: [{http: {url: /healthz}}]
          """.formatted(demo.baseUrl(), half, half, half)).get(0);
      try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), new LoadRun.Options(threads, Map.of(), false))) {
        run.start().get(length.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      }
    }
  }
}
