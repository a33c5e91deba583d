package dev.loadlab.results;

import dev.loadlab.api.loadtest.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns merged {@link Stats} into the API's {@link Summary}: the same shape as LoadTest status.summary. */
public final class SummaryBuilder {
  private SummaryBuilder() {
  }

  public static Summary build(Stats s, double durationSeconds, List<Double> extraPercentiles) {
    return build(s, durationSeconds, extraPercentiles, Map.of());
  }

  /** With the namespace of each custom metric (User when not in the map). */
  public static Summary build(Stats s, double durationSeconds, List<Double> extraPercentiles, Map<String, String> namespaces) {
    var out = new Summary();
    out.durationSeconds = round(durationSeconds, 3);
    out.requests = s.requests();
    out.failures = s.failures();
    out.rps = durationSeconds > 0 ? round(s.requests() / durationSeconds, 2) : 0.0;
    out.iterations = s.iterations();
    out.droppedIterations = s.dropped();
    out.checksPassed = s.checks().values().stream().mapToLong(c -> c[0]).sum();
    out.checksFailed = s.checks().values().stream().mapToLong(c -> c[1]).sum();
    out.dataSent = s.bytesSent();
    out.dataReceived = s.bytesReceived();
    out.latency = distribution(s.allDurations(), extraPercentiles);
    out.resources = new ArrayList<>();
    s.requestResources().entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<ResourceKey, ResourceStats> e) -> e.getKey().scenario())
            .thenComparing(e -> e.getKey().resource()))
        .forEach(e -> {
          var r = new Summary.ResourceSummary();
          r.scenario = e.getKey().scenario();
          r.resource = e.getKey().resource();
          r.tags = e.getKey().tags().isEmpty() ? null : new TreeMap<>(e.getKey().tags());
          r.requests = e.getValue().requests;
          r.failures = e.getValue().failures;
          r.statuses = new TreeMap<>();
          long[] st = e.getValue().statuses;
          for (int i = 0; i < st.length; i++) {
            if (st[i] > 0) {
              r.statuses.put(Integer.toString(i), st[i]);
            }
          }
          r.latency = distribution(e.getValue().duration, extraPercentiles);
          out.resources.add(r);
        });
    out.metrics = new ArrayList<>();
    s.custom().entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<Stats.CustomKey, CustomSeries> e) -> e.getKey().name())
            .thenComparing(e -> e.getKey().resource()))
        .forEach(e -> {
          Summary.MetricSummary m = metric(e.getKey(), e.getValue(), extraPercentiles);
          m.namespace = dev.loadlab.api.validation.BuiltInMetric.byName(m.name).isPresent()
              ? dev.loadlab.api.loadtest.MetricDefinition.SYSTEM_NAMESPACE : namespaces.getOrDefault(m.name, "User");
          out.metrics.add(m);
        });
    return out;
  }

  static Summary.MetricSummary metric(Stats.CustomKey key, CustomSeries c, List<Double> extra) {
    var m = new Summary.MetricSummary();
    m.name = key.name();
    m.namespace = "User";
    m.type = c.type;
    m.units = c.units.isEmpty() ? null : c.units;
    m.resource = key.resource().isEmpty() ? null : key.resource();
    m.tags = key.tags().isEmpty() ? null : new TreeMap<>(key.tags());
    switch (c.type) {
      case TREND, TIMING -> {
        m.distribution = distribution(c, extra);
        m.sum = c.sum;
      }
      case COUNTER -> m.value = c.sum;
      case RATE -> m.rate = c.count == 0 ? 0.0 : (double) c.nonZero / c.count;
      case GAUGE -> m.value = c.last;
      case HISTOGRAM -> m.buckets = new TreeMap<>(c.buckets);
    }
    return m;
  }

  /** A duration histogram (microseconds) as milliseconds. */
  public static Summary.Distribution distribution(Histogram h, List<Double> extra) {
    var d = new Summary.Distribution();
    d.count = h.getTotalCount();
    if (d.count == 0) {
      return d;
    }
    d.min = ms(h.getMinValue());
    d.mean = round(h.getMean() / 1000.0, 3);
    d.stddev = round(h.getStdDeviation() / 1000.0, 3);
    d.p50 = ms(h.getValueAtPercentile(50));
    d.p90 = ms(h.getValueAtPercentile(90));
    d.p95 = ms(h.getValueAtPercentile(95));
    d.p99 = ms(h.getValueAtPercentile(99));
    d.max = ms(h.getMaxValue());
    if (extra != null && !extra.isEmpty()) {
      d.percentiles = new TreeMap<>();
      for (double p : extra) {
        d.percentiles.put(label(p), ms(h.getValueAtPercentile(p)));
      }
    }
    return d;
  }

  static Summary.Distribution distribution(CustomSeries c, List<Double> extra) {
    var d = new Summary.Distribution();
    d.count = c.count;
    if (c.count == 0) {
      return d;
    }
    d.min = round(c.min, 6);
    d.max = round(c.max, 6);
    d.mean = round(c.sum / c.count, 6);
    d.stddev = round(c.stddev(), 6);
    d.p50 = round(Percentiles.of(c, 50), 6);
    d.p90 = round(Percentiles.of(c, 90), 6);
    d.p95 = round(Percentiles.of(c, 95), 6);
    d.p99 = round(Percentiles.of(c, 99), 6);
    if (extra != null && !extra.isEmpty()) {
      d.percentiles = new TreeMap<>();
      for (double p : extra) {
        d.percentiles.put(label(p), round(Percentiles.of(c, p), 6));
      }
    }
    return d;
  }

  private static String label(double p) {
    return "p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
  }

  private static double ms(long micros) {
    return round(micros / 1000.0, 3);
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
