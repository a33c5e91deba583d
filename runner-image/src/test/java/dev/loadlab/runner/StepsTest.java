package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.Stats;
import org.junit.jupiter.api.Test;

/** What steps do, end to end over loopback: extract and templates, redirects, gzip, WebSocket, errors. */
class StepsTest extends DemoTargetTest {

  static final String ONCE = "{executor: per-vu-iterations, vus: 2, iterations: 5}";

  @Test
  void extractedVariablesFillLaterTemplatesOfTheSameIteration() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: /products, extract: [{name: id, expr: 'response.json.products[2].id'}]}},"
        + " {http: {url: '/products/${vars.id}?vu=${vu}', resource: 'GET /products/{id}',"
        + " checks: [{name: third, expr: 'response.json.id == 3 && response.headers[\"content-type\"] == \"application/json\"'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.checks().get("third")).containsExactly(10, 0);
    assertThat(target.state().requestsByPath()).containsEntry("/products/{id}", 10L);
  }

  @Test
  void redirectsAreFollowedAndEachHopRecorded() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: '/redirect?to=/products/4', resource: hop,"
        + " checks: [{name: landed, expr: 'response.status == 200 && response.json.id == 4'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.checks().get("landed")).containsExactly(10, 0);
    assertThat(TestRuns.resource(stats, "s", "hop").statuses()[302]).isEqualTo(10);
    assertThat(TestRuns.resource(stats, "s", "hop").statuses()[200]).isEqualTo(10);
    assertThat(stats.requests()).isEqualTo(20).isEqualTo(target.requests());
  }

  @Test
  void gzippedAnswersAreDecodedAndCountedCompressed() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: /products, checks: [{name: ten, expr: 'size(response.json.products) == 10'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.checks().get("ten")).containsExactly(10, 0);
    // The product list is ~650 bytes of JSON; gzipped on the wire with headers it is well under that.
    assertThat(stats.bytesReceived() / 10).isLessThan(600);
  }

  @Test
  void webSocketTimesSubscribeToFirstTick() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{websocket: {url: /ticker, send: [{json: {subscribe: IBM}}],"
        + " receive: {until: \"message.json.symbol == 'IBM'\", timeout: 2s},"
        + " metrics: [{name: first_tick, type: timing, value: elapsedMs}, {name: price, type: gauge, units: usd, value: message.json.price}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    var tick = stats.custom().get(new Stats.CustomKey("first_tick", "WS /ticker"));
    assertThat(tick.count()).isEqualTo(10);
    assertThat(tick.min()).as("the demo ticks 20 ms after subscribing (its timer may fire a little early)").isGreaterThanOrEqualTo(15.0);
    assertThat(stats.custom().get(new Stats.CustomKey("price", "WS /ticker")).last()).isBetween(140.0, 145.0);
    assertThat(target.state().requestsByPath()).containsEntry("/ticker", 10L);
    // The handshake (~200 bytes each way) and the frames are counted as data sent and received.
    assertThat(TestRuns.resource(stats, "s", "WS /ticker").bytesSent() / 10).isBetween(150L, 600L);
    assertThat(TestRuns.resource(stats, "s", "WS /ticker").bytesReceived() / 10).isBetween(150L, 600L);
    assertThat(stats.bytesSent()).isEqualTo(TestRuns.resource(stats, "s", "WS /ticker").bytesSent());
    // ... but a session is not an HTTP request: it has ws_* metrics of its own
    assertThat(stats.requests()).as("http_reqs").isZero();
    assertThat(stats.allDurations().getTotalCount()).as("http_req_duration").isZero();
    assertThat(stats.requestResources()).isEmpty();
    assertThat(stats.custom().get(new Stats.CustomKey("ws_sessions", "WS /ticker", java.util.Map.of("ws_outcome", "ok"))).sum())
        .isEqualTo(10.0);
    assertThat(stats.custom().get(new Stats.CustomKey("ws_connecting", "WS /ticker")).count()).isEqualTo(10);
    assertThat(stats.custom().get(new Stats.CustomKey("ws_msgs_sent", "WS /ticker")).sum()).isEqualTo(10.0);
    assertThat(stats.custom().get(new Stats.CustomKey("ws_msgs_received", "WS /ticker")).sum()).isEqualTo(10.0);
  }

  @Test
  void refusedConnectionsAreFailuresWithTheirKind() throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  scenarios:\n    - name: s\n      load: " + ONCE + "\n      steps: [{http: {url: 'http://127.0.0.1:1/x',"
        + " checks: [{name: ok, expr: 'response.status == 200'}]}}]\n").get(0);

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.failures()).isEqualTo(10);
    assertThat(stats.connectionErrors().get("refused")[0]).isEqualTo(10);
    assertThat(stats.checks().get("ok")).containsExactly(0, 10);
  }

  @Test
  void scenariosRunTogetherEachOnItsOwnSchedule() throws Exception {
    String yaml = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n  target: " + target.baseUrl()
        + "\n  scenarios:\n"
        + "    - {name: a, load: {executor: shared-iterations, vus: 3, iterations: 30}, steps: [{http: {url: /products/1}}]}\n"
        + "    - {name: b, load: {executor: per-vu-iterations, vus: 2, iterations: 4, startTime: 300ms}, steps: [{http: {url: /api/orders}}]}\n";

    Stats stats = TestRuns.run((LoadTest) Manifests.read("t.yaml", yaml).get(0), Segment.WHOLE, 20);

    assertThat(stats.scenarios().get("a").iterations()).isEqualTo(30);
    assertThat(stats.scenarios().get("b").iterations()).isEqualTo(8);
    assertThat(target.state().requestsByPath()).containsEntry("/api/orders", 8L).containsEntry("/products/{id}", 30L);
  }

  @Test
  void aScenarioTalkingToSeveralHostsLabelsResourcesWithTheHost() throws Exception {
    // The demo target is reachable as 127.0.0.1 and as localhost: two hosts for the same server.
    String other = target.baseUrl().replace("127.0.0.1", "localhost");
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: /products/1}}, {http: {url: '" + other + "/products/1'}},"
        + " {http: {url: '" + other + "/products/${iteration}'}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    String port = ":" + target.port();
    assertThat(stats.resources().keySet()).extracting(ResourceKey::resource)
        .contains("GET 127.0.0.1" + port + "/products/1", "GET localhost" + port + "/products/1", "GET localhost" + port + "/products/3");
  }

  @Test
  void aConstantAndATemplatedUrlToTheSamePathShareOneResource() throws Exception {
    // One label rule for the plan (constant URLs) and the client (rendered URLs): user-info and fragment left out.
    String withUser = target.baseUrl().replace("://", "://alice:secret@");
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: '" + withUser + "/products/1#top', extract: [{name: one, expr: '1'}]}},"
        + " {http: {url: '" + withUser + "/products/${vars.one}#top'}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.resources().keySet()).extracting(ResourceKey::resource).containsExactly("GET /products/1");
    assertThat(TestRuns.resource(stats, "s", "GET /products/1").requests()).isEqualTo(20);
  }

  @Test
  void anExpressionThatFailsIsCountedUnderWhatItIs() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: /products/1, checks: [{name: broken, expr: 'response.json.nope.deeper == 1'}],"
        + " metrics: [{name: price_seen, type: trend, value: 'response.json.nope.price'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.expressionErrors()).containsOnlyKeys("check broken", "metric price_seen value");
  }

  @Test
  void valuesFilledIntoAJsonBodyAreEscaped() throws Exception {
    var test = TestRuns.loadTest(target, ONCE, "[{http: {url: /products/1, extract: [{name: note, expr: \"'say \\\"hi\\\"\\\\n'\"}]}},"
        + " {http: {method: POST, url: /cart, json: {note: '${vars.note}', quantity: 2}, resource: cart,"
        + " checks: [{name: accepted, expr: 'response.status == 200 && response.json.items == 2'}]}}]");

    Stats stats = TestRuns.run(test, Segment.WHOLE, 20);

    assertThat(stats.checks().get("accepted")).containsExactly(10, 0);
  }
}
