package dev.loadlab.operator.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResultsCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's merge of the runners' /results answers. */
class MergedResultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey KEY = new ResourceKey("s", "GET /x");

  private static RunnerControl.Answer runner(String pod, long startedAt, long endedAt, long... millis) throws Exception {
    var m = new LoopMetrics();
    for (long ms : millis) {
      m.request(KEY, ms > 900 ? 500 : 200, ms > 900, 0, 0, 0, 0, ms * 1_000_000, 0, ms * 1_000_000, 10, 20);
    }
    ObjectNode body = ResultsCodec.encode(m.snapshot());
    body.put("startedAt", startedAt).put("endedAt", endedAt);
    return new RunnerControl.Answer(new RunnerControl.Runner(pod, "127.0.0.2:9090"), 200, JSON.readTree(body.toString()), null);
  }

  @Test
  void mergedPercentilesAreThoseOfAllSamplesNotAnAverageOfRunners() throws Exception {
    // runner a: 9 fast requests; runner b: 1 slow one. Averaging p99s would give ~500ms; the union's p90 is 10ms.
    var a = runner("lt-1-0", 1_000, 11_000, 10, 10, 10, 10, 10, 10, 10, 10, 10);
    var b = runner("lt-1-1", 1_500, 12_000, 1000);
    var merged = MergedResults.of(List.of(a, b));
    assertThat(merged.runners()).isEqualTo(2);
    assertThat(merged.seconds()).as("earliest start to latest end").isEqualTo(11.0);
    var spec = new LoadTestSpec();
    spec.thresholds = List.of(threshold("http_req_duration", "p(90) < 20ms"), threshold("http_req_failed", "rate < 0.05"));
    var summary = merged.summary(spec);
    assertThat(summary.requests).isEqualTo(10);
    assertThat(summary.failures).isEqualTo(1);
    assertThat(summary.latency.p90).isLessThan(11.0);
    var thresholds = merged.thresholds(spec, dev.loadlab.results.Baselines.NONE);
    assertThat(thresholds.get(0).passed).isTrue();
    assertThat(thresholds.get(1).passed).as("1 of 10 failed").isFalse();
    assertThat(thresholds.get(1).value).isEqualTo(0.1);
  }

  @Test
  void aRunnerWithoutResultsIsNamedAndTheOthersStillCount() throws Exception {
    var a = runner("lt-1-0", 1_000, 2_000, 5, 5);
    var silent = new RunnerControl.Answer(new RunnerControl.Runner("lt-1-1", "127.0.0.3:9090"), 0, null, "ConnectException");
    var merged = MergedResults.of(List.of(a, silent));
    assertThat(merged.runners()).isEqualTo(1);
    assertThat(merged.missing()).containsExactly("lt-1-1 (ConnectException)");
    assertThat(merged.stats().requests()).isEqualTo(2);
  }

  private static Threshold threshold(String metric, String condition) {
    var t = new Threshold();
    t.metric = metric;
    t.condition = condition;
    return t;
  }
}
