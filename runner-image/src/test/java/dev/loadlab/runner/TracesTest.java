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
    return runFor(traces, steps).traces();
  }

  /** What a run kept: its traces and its figures. */
  record Kept(List<Trace> traces, dev.loadlab.results.Stats stats) {
  }

  Kept runFor(String traces, String steps) throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: " + target.baseUrl() + "\n  traces: " + traces + "\n"
        + "  env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}]\n"
        + "  scenarios:\n    - name: s\n      load: {executor: per-vu-iterations, vus: 2, iterations: 10}\n"
        + "      steps: " + steps + "\n").get(0);
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of("TOKEN", SECRET)), LoadRun.Options.defaults())) {
      run.start().get(30, TimeUnit.SECONDS);
      return new Kept(run.traces(), run.snapshot());
    }
  }

  @Test
  void failWhenFailsARequestByWhatItsResponseSaysAndTheStepAddsItsOwnPackets() throws Exception {
    // product 1 costs 14.99, product 2 19.99: the step calls a price over 15 a failure, whatever the 200 says
    String rules = "failWhen: {condition: 'response.json.price > 15.0', status: Too expensive}, "
        + "trace: [{type: price, data: response.json.price, headers: {product: response.json.name}, when: 'response.status == 200'%s}]";
    var kept = runFor("{}", "[{http: {url: /products/1, resource: cheap, " + rules.formatted(", force: true") + "}}, "
        + "{http: {url: /products/2, resource: dear, " + rules.formatted("") + "}}]");

    var byResource = new java.util.HashMap<String, dev.loadlab.results.ResourceStats>();
    kept.stats().resources().forEach((k, v) -> byResource.put(k.resource(), v));
    assertThat(byResource.get("cheap").requests()).isEqualTo(20);
    assertThat(byResource.get("cheap").failures()).isZero();
    assertThat(byResource.get("dear").requests()).isEqualTo(20);
    assertThat(byResource.get("dear").failures()).as("every 200 of product 2 failed by failWhen").isEqualTo(20);
    assertThat(byResource.get("dear").statuses()[200]).isEqualTo(20);
    assertThat(kept.stats().failures()).isEqualTo(20);

    var cheap = kept.traces().stream().filter(t -> t.resource.equals("cheap")).toList();
    var dear = kept.traces().stream().filter(t -> t.resource.equals("dear")).toList();
    assertThat(cheap).as("a forced packet keeps every trace").hasSize(20).allSatisfy(t -> assertThat(t.error).isNull());
    Trace.Packet price = cheap.get(0).packets.get(2);
    assertThat(cheap.get(0).packets).extracting(p -> p.type).containsExactly("request", "response", "price");
    assertThat(price.data).isEqualTo("14.99");
    assertThat(price.headers).containsEntry("product", "Kettle");
    // sampled: one per resource, status and minute (two if the run crosses a minute)
    assertThat(dear).hasSizeBetween(1, 2);
    assertThat(dear.get(0).status).isEqualTo(200);
    assertThat(dear.get(0).error).isEqualTo("Too expensive");
    // the demo target's price of product 2 is the double 9.99 + 10 (19.990000000000002), shown as it came
    assertThat(dear.get(0).packets).extracting(p -> p.type).containsExactly("request", "response", "price");
    assertThat(dear.get(0).packets.get(2).data).startsWith("19.99");
  }

  @Test
  void aboutOneTracePerResourceStatusAndMinute() throws Exception {
    var traces = run("{}", "[{http: {url: /products/1, resource: one}}, {http: {url: '/products/2?status=404', resource: two}}]");

    // one per resource, status and minute: twice each if the run crosses a minute
    var kinds = traces.stream().map(t -> t.resource + " " + t.status).toList();
    assertThat(new java.util.HashSet<>(kinds)).containsExactlyInAnyOrder("one 200", "two 404");
    assertThat(kinds).hasSizeBetween(2, 4);
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

  @Test
  void aWebSocketExchangeIsTracedWithItsHandshakeAndFramesMergedPerDirection() throws Exception {
    var traces = run("{}", "[{websocket: {url: /ticker, resource: ticker, headers: {Authorization: 'Bearer ${env.TOKEN}'}, "
        + "send: [{json: {subscribe: IBM}}], receive: {until: 'received >= 2', timeout: 5s}}}]");

    // one per resource, status and minute (two if the run crosses a minute)
    assertThat(traces).hasSizeBetween(1, 2);
    Trace t = traces.get(0);
    assertThat(t.resource).isEqualTo("ticker");
    assertThat(t.status).isEqualTo(101);
    assertThat(t.url).endsWith("/ticker");
    assertThat(t.packets).extracting(p -> p.type).containsExactly("handshake", "sent", "received");
    assertThat(t.packets.get(0).headers).containsEntry("Authorization", TraceStore.REDACTED);
    assertThat(t.packets.get(1).data).isEqualTo("{\"subscribe\":\"IBM\"}\n");
    assertThat(t.packets.get(2).data.lines().toList()).as("two ticks, one per line").hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"symbol\":\"IBM\""));
  }
}
