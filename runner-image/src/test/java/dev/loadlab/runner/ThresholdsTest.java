package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.results.ThresholdEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds judged over what a run against the demo target recorded, with values known in advance. */
class ThresholdsTest extends DemoTargetTest {

  List<ThresholdResult> evaluate(String load, String steps, String thresholds) throws Exception {
    LoadTest test = TestRuns.loadTest(target, load, steps);
    var withThresholds = (LoadTest) dev.loadlab.api.file.Manifests.read("t.yaml",
        "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n  target: " + target.baseUrl()
            + "\n  scenarios:\n    - name: s\n      load: " + load + "\n      steps: " + steps + "\n  thresholds: " + thresholds + "\n").get(0);
    var stats = TestRuns.run(test, Segment.WHOLE, 30);
    return ThresholdEvaluator.evaluate(withThresholds.getSpec().thresholds, stats, 1.0);
  }

  @Test
  void latencyPercentilesPassAndFailAgainstAKnownDelay() throws Exception {
    var r = evaluate("{executor: per-vu-iterations, vus: 2, iterations: 10}",
        "[{http: {url: '/products/1?latencyMs=40', resource: slow}}, {http: {url: /products/2, resource: fast}}]",
        "[{metric: http_req_duration, condition: 'p(95) < 10ms'},"
            + " {metric: http_req_duration, condition: 'p(95) < 2s'},"
            + " {metric: http_req_duration, condition: 'min >= 40ms', labels: {resource: slow}},"
            + " {metric: http_req_duration, condition: 'max < 40ms', labels: {resource: fast}},"
            + " {metric: http_reqs, condition: 'count == 40'}]");

    assertThat(r).extracting(x -> x.passed).containsExactly(false, true, true, true, true);
    assertThat(r.get(0).value).isGreaterThanOrEqualTo(40);
    assertThat(r.get(4).value).isEqualTo(40.0);
  }

  @Test
  void customMetricsAggregateExactly() throws Exception {
    // Every 10th checkout fails: 20 checkouts give exactly 18 successes worth 59.97 each.
    var r = evaluate("{executor: shared-iterations, vus: 1, iterations: 20}",
        "[{http: {method: POST, url: /checkout, json: {cartId: c1}, metrics: ["
            + "{name: conversion, type: rate, value: 'response.json.success'},"
            + "{name: order_value, type: trend, units: usd, value: 'response.json.total_amount', when: 'response.json.success'},"
            + "{name: orders, type: counter, units: orders, when: 'response.json.success'},"
            + "{name: outcome, type: histogram, key: \"response.json.success ? 'ok' : 'declined'\"}]}}]",
        "[{metric: conversion, condition: 'rate == 0.9'},"
            + " {metric: order_value, condition: 'sum > 1079.45'}, {metric: order_value, condition: 'sum < 1079.47'},"
            + " {metric: orders, condition: 'count == 18'},"
            + " {metric: outcome, condition: 'count == 20'},"
            + " {metric: checks, condition: 'rate == 1'}]");

    assertThat(r).extracting(x -> x.passed).containsExactly(true, true, true, true, true, false);
    assertThat(r.get(1).value).isCloseTo(18 * 59.97, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.get(5).value).as("no checks in this test: no samples, not a pass").isNull();
  }

  @Test
  void webSocketSessionsAreJudgedOnTheirOwnMetricsNotAsRequests() throws Exception {
    // 2 VUs x 3 iterations: a GET, then a ticker session that ends ok (first IBM tick) and one that runs out of messages
    var r = evaluate("{executor: per-vu-iterations, vus: 2, iterations: 3}",
        "[{http: {url: /products/1}},"
            + " {websocket: {url: /ticker, resource: tick, send: [{json: {subscribe: IBM}}], receive: {until: \"message.json.symbol == 'IBM'\"}}},"
            + " {websocket: {url: /ticker, resource: never, send: [{json: {subscribe: IBM}}],"
            + " receive: {until: 'message.json.price < 0', maxMessages: 2}}}]",
        "[{metric: http_reqs, condition: 'count == 6'},"
            + " {metric: ws_sessions, condition: 'count == 12'},"
            + " {metric: ws_sessions, condition: 'count == 6', labels: {ws_outcome: ok}},"
            + " {metric: ws_sessions, condition: 'count == 6', labels: {resource: never, ws_outcome: max_messages}},"
            + " {metric: ws_msgs_received, condition: 'count == 18'},"
            + " {metric: ws_msgs_sent, condition: 'count == 12'},"
            + " {metric: ws_connecting, condition: 'max < 2s'},"
            + " {metric: ws_session_duration, condition: 'min >= 100ms', labels: {resource: never}}]");

    assertThat(r).extracting(x -> x.metric + " " + x.condition + " = " + x.value + (x.labels == null ? "" : " " + x.labels))
        .allSatisfy(line -> assertThat(line).doesNotEndWith("= null"));
    assertThat(r).allSatisfy(x -> assertThat(x.passed).as(x.metric + " " + x.labels + " " + x.condition + ": " + x.value).isTrue());
  }
}
