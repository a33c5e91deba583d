package dev.loadlab.results;

import org.HdrHistogram.DoubleHistogram;

/**
 * Percentiles of a custom trend, as its histogram knows them and never past what was observed. HdrHistogram answers
 * with the highest value its bucket holds, which may exceed the largest value recorded (a trend of the integers
 * 20..32 had p(95) = p(99) = 32.02 with max = 32) and carries digits it does not know. Here: of the numbers the bucket
 * holds, the one with the fewest decimals (an integer where the bucket holds one: 26, not 26.015625), kept within the
 * trend's exact minimum and maximum (p(0) and p(100) are those). The summary, the thresholds and the report read
 * trends' percentiles from here only.
 */
public final class Percentiles {
  private static final int MAX_DECIMALS = 9;

  private Percentiles() {
  }

  /** The {@code percentile} (0..100) of a custom trend, null if it has no values. */
  public static Double of(CustomSeries series, double percentile) {
    DoubleHistogram h = series.distribution();
    if (h == null || h.getTotalCount() == 0) {
      return null;
    }
    if (percentile >= 100) {
      return series.max();
    }
    if (percentile <= 0) {
      return series.min();
    }
    double at = h.getValueAtPercentile(percentile);
    double value = simplest(h.lowestEquivalentValue(at), h.highestEquivalentValue(at));
    return Math.max(series.min(), Math.min(series.max(), value));
  }

  /** The number with the fewest decimals in [low, high] (both ends within it: one bucket's span). */
  static double simplest(double low, double high) {
    if (!(low <= high)) {
      return low;
    }
    for (int decimals = 0; decimals <= MAX_DECIMALS; decimals++) {
      double scale = Math.pow(10, decimals);
      double candidate = Math.ceil(low * scale - 1e-9) / scale;
      if (candidate <= high) {
        return candidate;
      }
    }
    return low;
  }
}
