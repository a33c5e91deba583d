package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.runner.traces.Trace;
import dev.loadlab.runner.traces.TraceStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracesTest extends DemoTargetTest {
  static final String SECRET = "s3cr3t-token-value";

  List<Trace> run(String traces, String steps) throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: " + target.baseUrl() + "\n  traces: " + traces + "\n"
        + "  env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}]\n"
        + "  scenarios:\n    - name: s\n      load: {executor: per-vu-iterations, vus: 2, iterations: 10}\n"
        + "      steps: " + steps + "\n").get(0);
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of("TOKEN", SECRET)), LoadRun.Options.defaults())) {
      run.start().get(30, TimeUnit.SECONDS);
      return run.traces();
    }
  }

  @Test
  void aboutOneTracePerResourceStatusAndMinute() throws Exception {
    var traces = run("{}", "[{http: {url: /products/1, resource: one}}, {http: {url: '/products/2?status=404', resource: two}}]");

    assertThat(traces).extracting(t -> t.resource + " " + t.status).containsExactlyInAnyOrder("one 200", "two 404");
  }

  @Test
  void secretsAndCredentialsAreRedactedBeforeATraceIsKept() throws Exception {
    var traces = run("{maxBodyBytes: 40, redactHeaders: [X-Api-Key]}", "[{http: {url: '/products?key=${env.TOKEN}', "
        + "headers: {Authorization: 'Bearer ${env.TOKEN}', X-Api-Key: k-123, X-Trace: 'echo ${env.TOKEN}'}, forceTrace: true}}]");

    assertThat(traces).hasSize(20);
    String all = new ObjectMapper().writeValueAsString(traces);
    assertThat(all).doesNotContain(SECRET).doesNotContain("k-123");
    Trace t = traces.get(0);
    assertThat(t.url).endsWith("/products?key=" + TraceStore.REDACTED);
    var request = t.packets.get(0);
    assertThat(request.type).isEqualTo("request");
    assertThat(request.headers).containsEntry("Authorization", TraceStore.REDACTED).containsEntry("X-Api-Key", TraceStore.REDACTED)
        .containsEntry("X-Trace", "echo " + TraceStore.REDACTED);
    var response = t.packets.get(1);
    assertThat(response.data).hasSize(40).startsWith("{\"products\":[");
    assertThat(response.truncated).isTrue();
  }

  @Test
  void tracesStopAtTheCap() throws Exception {
    assertThat(run("{maxTraces: 3}", "[{http: {url: /products/1, forceTrace: true}}]")).hasSize(3);
  }

  @Test
  void aRedirectedRequestIsOneTraceWithMergedPackets() throws Exception {
    var traces = run("{maxTraces: 1}", "[{http: {url: '/redirect?to=/products/2', forceTrace: true}}]");

    Trace t = traces.get(0);
    assertThat(t.status).isEqualTo(200);
    assertThat(t.packets).extracting(p -> p.type).containsExactly("request", "response");
    assertThat(t.packets.get(1).data).contains("\"id\":2");
    assertThat(t.packets.get(1).lastTimestamp).isGreaterThanOrEqualTo(t.packets.get(1).firstTimestamp);
  }

  @Test
  void disabledTracesKeepNothing() throws Exception {
    assertThat(run("{enabled: false}", "[{http: {url: /products/1, forceTrace: true}}]")).isEmpty();
  }
}
