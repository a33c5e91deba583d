package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trend percentiles within what was observed, and as plain as the histogram's buckets allow. */
class PercentilesTest {
  private static CustomSeries trend(double... values) {
    var s = new CustomSeries(MetricType.TREND, null);
    for (double v : values) {
      s.record(v, 0);
    }
    return s;
  }

  @Test
  void aTrendOfIntegersHasIntegerPercentilesNeverPastItsMaximum() {
    var s = trend(20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32);
    assertThat(s.distribution().getValueAtPercentile(99)).as("what HdrHistogram says").isGreaterThan(32);
    assertThat(Percentiles.of(s, 50)).isEqualTo(26.0);
    assertThat(Percentiles.of(s, 95)).isEqualTo(32.0);
    assertThat(Percentiles.of(s, 99)).isEqualTo(32.0);
    assertThat(Percentiles.of(s, 0)).isEqualTo(20.0);

    var d = SummaryBuilder.distribution(s, List.of(99.9));
    assertThat(d.p50).isEqualTo(26.0);
    assertThat(d.p95).isEqualTo(32.0);
    assertThat(d.p99).isEqualTo(32.0);
    assertThat(d.max).isEqualTo(32.0);
    assertThat(d.percentiles).containsEntry("p99.9", 32.0);
  }

  @Test
  void fractionsComeOutAsTheyWentIn() {
    var s = trend(0.5, 1.25, 2.75, 0.013, 1500.5);
    assertThat(Percentiles.of(s, 0)).isEqualTo(0.013);
    assertThat(Percentiles.of(s, 30)).isEqualTo(0.5);
    assertThat(Percentiles.of(s, 50)).isEqualTo(1.25);
    assertThat(Percentiles.of(s, 70)).isEqualTo(2.75);
    assertThat(Percentiles.of(s, 90)).as("1500.5 is as far as 3 significant digits go").isEqualTo(1500.0);
    assertThat(Percentiles.of(s, 100)).as("the maximum").isEqualTo(1500.5);
  }

  @Test
  void theSimplestNumberOfABucketIsWithinIt() {
    assertThat(Percentiles.simplest(25.99, 26.02)).isEqualTo(26.0);
    assertThat(Percentiles.simplest(26.39, 26.41)).isEqualTo(26.4);
    assertThat(Percentiles.simplest(0.01228, 0.01235)).isEqualTo(0.0123);
    assertThat(Percentiles.simplest(0.01231, 0.01235)).isEqualTo(0.01231);
    assertThat(Percentiles.simplest(-3.02, -2.98)).isEqualTo(-3.0);
    assertThat(Percentiles.simplest(7.0, 7.0)).isEqualTo(7.0);
  }

  @Test
  void anEmptyTrendHasNone() {
    assertThat(Percentiles.of(trend(), 95)).isNull();
  }
}
