package dev.loadlab.results;

import dev.loadlab.api.loadtest.MetricType;
import java.util.TreeMap;
import org.HdrHistogram.DoubleHistogram;

/** The recorded values of one custom metric (per resource or for the whole test); single writer. */
public final class CustomSeries {
  final MetricType type;
  final String units;
  /** Trends: distribution of the non-negative values (auto-ranging, 3 significant digits). */
  DoubleHistogram distribution;
  long count;
  double sum;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double sumOfSquares;
  /** Rates: values that were non-zero. */
  long nonZero;
  /** Gauges: last value and when it was set (nanoTime), so merging keeps the latest. */
  double last;
  long lastAt = Long.MIN_VALUE;
  /** Histograms: count per key. */
  TreeMap<String, Long> buckets;

  CustomSeries(MetricType type, String units) {
    this.type = type;
    this.units = units;
    if (type == MetricType.TREND || type == MetricType.TIMING) {
      distribution = new DoubleHistogram(3);
    }
    if (type == MetricType.HISTOGRAM) {
      buckets = new TreeMap<>();
    }
  }

  void record(double value, long now) {
    count++;
    sum += value;
    sumOfSquares += value * value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (distribution != null && value >= 0) {
      distribution.recordValue(value);
    }
    if (value != 0) {
      nonZero++;
    }
    if (now >= lastAt) {
      last = value;
      lastAt = now;
    }
  }

  void recordKey(String key) {
    count++;
    buckets.merge(key, 1L, Long::sum);
  }

  /** Several series of one metric (e.g. one per resource) added up into one. */
  public static CustomSeries merged(java.util.List<CustomSeries> series) {
    var all = new CustomSeries(series.get(0).type, series.get(0).units);
    series.forEach(all::add);
    return all;
  }

  void add(CustomSeries o) {
    if (distribution != null && o.distribution != null) {
      distribution.add(o.distribution);
    }
    count += o.count;
    sum += o.sum;
    sumOfSquares += o.sumOfSquares;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    nonZero += o.nonZero;
    if (o.lastAt >= lastAt) {
      last = o.last;
      lastAt = o.lastAt;
    }
    if (buckets != null && o.buckets != null) {
      o.buckets.forEach((k, v) -> buckets.merge(k, v, Long::sum));
    }
  }

  public MetricType type() {
    return type;
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double last() {
    return last;
  }

  public long lastAt() {
    return lastAt;
  }

  public long nonZero() {
    return nonZero;
  }

  public DoubleHistogram distribution() {
    return distribution;
  }

  public TreeMap<String, Long> buckets() {
    return buckets;
  }

  public String units() {
    return units;
  }

  public double stddev() {
    if (count == 0) {
      return 0;
    }
    double mean = sum / count;
    return Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean));
  }
}
