package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streamed responses against the demo target's real server-sent events: counted exactly, timed to the event. */
class StreamingTest extends DemoTargetTest {
  private Stats run(String steps, int iterations) throws Exception {
    LoadTest test = (LoadTest) Manifests.read("stream.yaml", """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: stream}
        spec:
          target: http://demo-target:8080
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 2, iterations: ITERATIONS}
              steps:
        STEPS""".replace("ITERATIONS", Integer.toString(iterations)).replace("STEPS", steps.indent(8))).get(0);
    var connectTo = Map.of("demo-target:8080", new InetSocketAddress("127.0.0.1", target.port()));
    try (var run = new LoadRun(TestPlan.compile(test, Segment.WHOLE, Map.of()), new LoadRun.Options(0, connectTo, false))) {
      run.start().get(60, TimeUnit.SECONDS);
      Stats stats = run.snapshot();
      assertThat(stats.expressionErrors()).as("expression errors").isEmpty();
      assertThat(stats.connectionErrors()).as("connection errors").isEmpty();
      return stats;
    }
  }

  private static CustomSeries series(Stats s, String name) {
    return s.custom().entrySet().stream().filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no series " + name + " in " + s.custom().keySet()));
  }

  @Test
  void everyEventTheServerStreamedIsCountedAndTheFirstIsTimedFromTheRequest() throws Exception {
    Stats s = run("""
        - http:
            resource: chat
            method: POST
            url: /v1/chat/completions?ttftMs=80&tokenMs=20
            json: {stream: true, max_tokens: 6, messages: [{role: user, content: "one two three"}]}
            stream:
              events: sse
              metrics:
                - {name: tokens, type: counter, units: tokens, when: "has(event.json.usage)", value: "event.json.usage.completion_tokens"}
                - {name: content_events, type: counter, units: events, when: "has(event.json.choices) && size(event.json.choices) > 0 && has(event.json.choices[0].delta.content)"}
                # the client's own share of the time to first token: what it measured less what the server took
                - {name: client_share, type: timing, when: "event.index == 0", value: "event.elapsedMs - event.json.x_demo.sent_after_ms"}
        """, 10);

    long streams = target.state().tallies().get("streams");
    assertThat(streams).isEqualTo(20);
    assertThat(series(s, "http_stream_events").sum()).as("events: 6 tokens, finish, usage, [DONE] per stream")
        .isEqualTo(target.state().tallies().get("stream_events").doubleValue()).isEqualTo(20 * 9.0);
    assertThat(series(s, "tokens").sum()).isEqualTo(target.state().tallies().get("completion_tokens").doubleValue());
    assertThat(series(s, "content_events").sum()).isEqualTo(20 * 6.0);
    var first = series(s, "http_stream_first_event").distribution();
    assertThat(first.getTotalCount()).isEqualTo(20);
    // the server sends the first event 80 ms after it read the request: never sooner; and the time to first event is
    // what the server took plus at most 5 ms of the client's and the loopback's own (the fastest of 20: a busy
    // machine may delay some, not every one)
    assertThat(first.getMinValue()).as("fastest time to first event, ms").isGreaterThanOrEqualTo(80.0);
    var share = series(s, "client_share").distribution();
    assertThat(share.getTotalCount()).isEqualTo(20);
    assertThat(share.getMinValue()).as("client's and loopback's share of a time to first event, ms").isBetween(0.0, 5.0);
    var gaps = series(s, "http_stream_event_gap").distribution();
    assertThat(gaps.getTotalCount()).as("8 gaps per stream").isEqualTo(20 * 8);
    assertThat(gaps.getValueAtPercentile(50)).as("median gap, ms: tokens 20 ms apart").isBetween(15.0, 25.0);
    assertThat(series(s, "http_stream_event_rate").distribution().getTotalCount()).isEqualTo(20);
  }

  @Test
  void untilEndsTheStreamAtItsEventAndTheNextRequestGoesOnAFreshConnection() throws Exception {
    Stats s = run("""
        - http:
            resource: chat
            method: POST
            url: /v1/chat/completions?ttftMs=10&tokenMs=50
            json: {stream: true, max_tokens: 40}
            stream: {events: sse, until: "event.index == 2"}
        - http: {url: /products/1}
        """, 3);

    assertThat(series(s, "http_stream_events").sum()).as("3 events of each of 6 streams").isEqualTo(18.0);
    assertThat(s.requests()).isEqualTo(12);
    assertThat(s.failures()).isZero();
    // 10 ms + 2 x 50 ms: the response counts as complete at the third event, not after 40 tokens (2 s)
    var chat = s.resources().entrySet().stream().filter(e -> e.getKey().resource().equals("chat")).findFirst().orElseThrow();
    assertThat(chat.getValue().duration().getMaxValue() / 1000.0).as("slowest streamed response, ms").isLessThan(1000);
  }
}
