package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey HOME = new ResourceKey("browse", "GET /");
  private static final ResourceKey CART = new ResourceKey("buy", "POST /cart");
  private static final Stats.CustomKey COST = new Stats.CustomKey("cost_usd", "POST /cart");
  private static final Stats.CustomKey HIT = new Stats.CustomKey("cache_hit", "");
  private static final Stats.CustomKey OUTCOME = new Stats.CustomKey("outcome", "");
  private static final Stats.CustomKey DEPTH = new Stats.CustomKey("queue_depth", "");

  /** A recorder and its intervals, closed by hand at the same instants as the others'. */
  private record Recorder(LoopMetrics metrics, Intervals intervals) {
    static Recorder create(int vus) {
      var m = new LoopMetrics();
      return new Recorder(m, new Intervals(m::intervalSnapshot, () -> vus));
    }
  }

  @Test
  void theSameIntervalOfThreeUnevenRunnersAddsUpToWhatOneRunnerRecorded() throws Exception {
    var runners = List.of(Recorder.create(1), Recorder.create(2), Recorder.create(7));
    var single = Recorder.create(10);
    var random = new SplittableRandom(7);
    for (int interval = 0; interval < 4; interval++) {
      // Uneven: runner 2 takes 70 % of the samples; interval 2 is quiet for runner 0 and has only failures.
      int samples = interval == 3 ? 500 : 20_000;
      for (int i = 0; i < samples; i++) {
        int pick = random.nextInt(10);
        Recorder r = runners.get(pick < 1 ? 0 : pick < 3 ? 1 : 2);
        if (interval == 2 && r == runners.get(0)) {
          r = runners.get(1);
        }
        long nanos = (long) (300_000 * Math.exp(random.nextDouble() * (interval + 6)));
        boolean cart = random.nextInt(4) == 0;
        int status = interval == 2 && random.nextInt(10) == 0 ? 503 : 200;
        double cost = random.nextDouble() * 0.02;
        boolean hit = random.nextBoolean();
        for (Recorder into : List.of(r, single)) {
          LoopMetrics m = into.metrics();
          m.request(cart ? CART : HOME, status, status != 200, 0, 0, 0, 0, nanos, 0, nanos, 120, 900);
          m.iteration(cart ? "buy" : "browse", nanos + 1_000_000);
          m.check("status is 200", status == 200);
          if (cart) {
            m.custom(COST, MetricType.TREND, "usd", cost);
          }
          m.custom(HIT, MetricType.RATE, "", hit ? 1 : 0);
          m.customKey(OUTCOME, "", status == 200 ? "success" : "failure");
          if (status != 200) {
            m.connectionError("timeout");
          }
        }
      }
      for (Recorder into : List.of(runners.get(0), runners.get(1), runners.get(2), single)) {
        into.metrics().custom(DEPTH, MetricType.GAUGE, "items", 5 * interval);
        into.intervals().close((interval + 1) * 10.0);
      }
    }

    var perRunner = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
    for (Recorder r : runners) {
      String text = JSON.writeValueAsString(ResultsCodec.encode(r.metrics().snapshot(), r.intervals().encoded()));
      perRunner.add(ResultsCodec.intervals(JSON.readTree(text)));
    }
    List<Interval> merged = decoded(IntervalMerge.merge(perRunner));
    List<Interval> one = decoded(single.intervals().encoded());

    assertThat(merged).hasSize(4);
    long total = 0;
    for (int k = 0; k < 4; k++) {
      Stats m = merged.get(k).stats();
      Stats s = one.get(k).stats();
      assertThat(merged.get(k).startSeconds()).isEqualTo(10.0 * k);
      assertThat(merged.get(k).vus()).isEqualTo(10);
      assertThat(m.requests()).as("interval %d requests", k).isEqualTo(s.requests());
      assertThat(m.failures()).as("interval %d failures", k).isEqualTo(s.failures());
      assertThat(m.iterations()).isEqualTo(s.iterations());
      assertThat(m.bytesReceived()).isEqualTo(s.bytesReceived());
      for (double p : new double[] {50, 95, 99, 99.99, 100}) {
        assertThat(m.allDurations().getValueAtPercentile(p)).as("interval %d p%s", k, p)
            .isEqualTo(s.allDurations().getValueAtPercentile(p));
        for (ResourceKey key : List.of(HOME, CART)) {
          assertThat(m.resources().get(key).duration().getValueAtPercentile(p)).as("interval %d %s p%s", k, key, p)
              .isEqualTo(s.resources().get(key).duration().getValueAtPercentile(p));
        }
      }
      assertThat(m.resources().get(HOME).statuses()).isEqualTo(s.resources().get(HOME).statuses());
      assertThat(m.scenarios().get("buy").iterationDuration().getValueAtPercentile(95))
          .isEqualTo(s.scenarios().get("buy").iterationDuration().getValueAtPercentile(95));
      assertThat(m.checks().get("status is 200")).containsExactly(s.checks().get("status is 200"));
      var mc = m.custom().get(COST);
      var sc = s.custom().get(COST);
      assertThat(mc.count()).isEqualTo(sc.count());
      // Custom trends are auto-ranging DoubleHistograms: adding differently-ranged ones is exact to their 3 digits.
      assertThat(mc.distribution().getValueAtPercentile(95))
          .isCloseTo(sc.distribution().getValueAtPercentile(95), org.assertj.core.data.Percentage.withPercentage(0.1));
      assertThat(mc.sum()).isCloseTo(sc.sum(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(m.custom().get(HIT).nonZero()).isEqualTo(s.custom().get(HIT).nonZero());
      assertThat(m.custom().get(OUTCOME).buckets()).isEqualTo(s.custom().get(OUTCOME).buckets());
      assertThat(m.custom().get(DEPTH).last()).isEqualTo(5.0 * k);
      assertThat(m.connectionErrors().getOrDefault("timeout", new long[1])[0])
          .isEqualTo(s.connectionErrors().getOrDefault("timeout", new long[1])[0]);
      total += m.requests();
    }
    assertThat(merged.get(2).stats().failures()).isPositive();
    assertThat(merged.get(3).stats().requests()).isEqualTo(500);
    assertThat(total).isEqualTo(single.metrics().snapshot().requests());
  }

  @Test
  void aRunnerWithoutAnIntervalLeavesTheOthersAlone() {
    var a = Recorder.create(3);
    a.metrics().request(HOME, 200, false, 0, 0, 0, 0, 5_000_000, 0, 5_000_000, 1, 1);
    a.intervals().close(10);
    a.intervals().close(14.5);
    var b = Recorder.create(3);
    b.metrics().request(HOME, 200, false, 0, 0, 0, 0, 7_000_000, 0, 7_000_000, 1, 1);
    b.intervals().close(10.2);

    List<Interval> merged = decoded(IntervalMerge.merge(List.of(a.intervals().encoded(), b.intervals().encoded())));

    assertThat(merged).extracting(Interval::index).containsExactly(0, 1);
    assertThat(merged.get(0).endSeconds()).isEqualTo(10.2);
    assertThat(merged.get(0).stats().requests()).isEqualTo(2);
    assertThat(merged.get(1).stats().requests()).isZero();
    assertThat(merged.get(1).vus()).isEqualTo(3);
  }

  @Test
  void coarserIntervalsStillAddUp() {
    var a = Recorder.create(4);
    for (int k = 0; k < 5; k++) {
      for (int i = 0; i <= k; i++) {
        a.metrics().request(HOME, 200, false, 0, 0, 0, 0, (k + 1) * 1_000_000L, 0, (k + 1) * 1_000_000L, 1, 1);
      }
      a.intervals().close(10 * (k + 1));
    }

    List<Interval> coarse = decoded(IntervalMerge.coarsen(a.intervals().encoded()));

    assertThat(coarse).extracting(Interval::index).containsExactly(0, 1, 2);
    assertThat(coarse).extracting(i -> i.stats().requests()).containsExactly(3L, 7L, 5L);
    assertThat(coarse.get(1).startSeconds()).isEqualTo(20.0);
    assertThat(coarse.get(1).endSeconds()).isEqualTo(40.0);
    assertThat(coarse.get(1).stats().allDurations().getMaxValue()).isBetween(3_999L, 4_001L);
  }

  private static List<Interval> decoded(com.fasterxml.jackson.databind.JsonNode intervals) {
    var out = new ArrayList<Interval>();
    intervals.forEach(i -> out.add(ResultsCodec.decodeInterval(i)));
    return out;
  }
}
