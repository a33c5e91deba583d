package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.MetricType;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResultsCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey KEY = new ResourceKey("s", "GET /x");
  private static final Stats.CustomKey COST = new Stats.CustomKey("cost", "GET /x");

  /** Sends a runner's results through JSON text, as the operator will receive them. */
  static Stats viaResults(LoopMetrics m) throws Exception {
    String text = JSON.writeValueAsString(ResultsCodec.encode(m.snapshot()));
    return ResultsCodec.decode(JSON.readTree(text));
  }

  @Test
  void mergedResultsOfTwoRunnersGiveThePercentilesOfOneRunnerThatRecordedEverything() throws Exception {
    var runnerA = new LoopMetrics();
    var runnerB = new LoopMetrics();
    var single = new LoopMetrics();
    var random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      // A long-tailed latency (0.2 ms .. ~2 s) and a cost per request; the runners take alternate samples.
      long nanos = (long) (200_000 * Math.exp(random.nextDouble() * 9));
      double cost = random.nextDouble() * 0.05;
      for (LoopMetrics m : List.of(i % 2 == 0 ? runnerA : runnerB, single)) {
        m.request(KEY, 200, false, 0, 0, 0, 0, nanos, 0, nanos, 100, 200);
        m.custom(COST, MetricType.TREND, "usd", cost);
      }
    }
    Stats merged = viaResults(runnerA);
    merged.add(viaResults(runnerB));
    Stats all = single.snapshot();

    var m = merged.resources().get(KEY).duration();
    var a = all.resources().get(KEY).duration();
    assertThat(m.getTotalCount()).isEqualTo(200_000).isEqualTo(a.getTotalCount());
    for (double p : new double[] {50, 90, 95, 99, 99.9, 100}) {
      assertThat(m.getValueAtPercentile(p)).as("p%s", p).isEqualTo(a.getValueAtPercentile(p));
    }
    assertThat(m.getMinValue()).isEqualTo(a.getMinValue());
    var mc = merged.custom().get(COST);
    var ac = all.custom().get(COST);
    assertThat(mc.count()).isEqualTo(ac.count());
    assertThat(mc.distribution().getValueAtPercentile(95)).isEqualTo(ac.distribution().getValueAtPercentile(95));
    assertThat(mc.sum()).isCloseTo(ac.sum(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(merged.requests()).isEqualTo(200_000);
    assertThat(merged.bytesReceived()).isEqualTo(all.bytesReceived());
  }

  @Test
  void everyKindOfFigureSurvivesTheRoundTrip() throws Exception {
    var m = new LoopMetrics();
    m.request(KEY, 503, true, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 20_000, 10, 20);
    m.iteration("s", 30_000_000);
    m.dropped("s");
    m.check("ok", false);
    m.group("checkout", 7_000_000);
    m.connectionError("refused");
    m.expressionError("metric cost value");
    m.data(new ResourceKey("s", "WS /ticker", java.util.Map.of()), 200, 300);
    m.custom(new Stats.CustomKey("hit", ""), MetricType.RATE, "", 1);
    m.custom(new Stats.CustomKey("depth", ""), MetricType.GAUGE, "items", 12);
    m.customKey(new Stats.CustomKey("outcome", "GET /x"), "", "failure");

    String original = JSON.writeValueAsString(ResultsCodec.encode(m.snapshot()));
    String again = JSON.writeValueAsString(ResultsCodec.encode(viaResults(m)));

    assertThat(again).isEqualTo(original);
    assertThat(original).contains("\"format\":\"" + ResultsCodec.FORMAT + "\"", "\"503\":1", "\"refused\":1");
  }

  @Test
  void anotherFormatIsRefused() {
    // v1 had no mergeable intervals: an operator must not take a v1 runner's results for v2
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultsCodec.decode(JSON.readTree("{\"format\":\"loadlab.dev/results/v1\"}")))
        .hasMessageContaining("is not " + ResultsCodec.FORMAT);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultsCodec.decode(JSON.readTree("{\"format\":\"other/v9\"}")))
        .hasMessageContaining("is not " + ResultsCodec.FORMAT);
  }
}
