package dev.loadlab.results;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What was recorded between two cumulative snapshots of one recorder: the figures of one interval. Counters and
 * histograms subtract exactly, so the intervals of a run add up to its totals and the same interval of several
 * runners adds up to what one runner would have recorded. Only what {@link Stats#addLean} keeps is compared.
 * Entries that did not change in the interval are left out, so a quiet interval is small.
 */
public final class StatsDifference {
  private StatsDifference() {
  }

  /** What {@code now} recorded since {@code earlier} (an earlier snapshot of the same recorder). */
  public static Stats between(Stats now, Stats earlier) {
    var d = new Stats();
    now.resources.forEach((k, r) -> {
      ResourceStats e = earlier.resources.get(k);
      if (e != null && e.requests == r.requests) {
        return;
      }
      ResourceStats out = d.resource(k);
      out.addLean(r);
      if (e != null) {
        out.requests -= e.requests;
        out.failures -= e.failures;
        out.bytesSent -= e.bytesSent;
        out.bytesReceived -= e.bytesReceived;
        for (int i = 0; i < out.statuses.length; i++) {
          out.statuses[i] -= e.statuses[i];
        }
        out.duration.subtract(e.duration);
      }
    });
    now.scenarios.forEach((name, s) -> {
      Stats.ScenarioStats e = earlier.scenarios.get(name);
      long iterations = s.iterations - (e == null ? 0 : e.iterations);
      long dropped = s.dropped - (e == null ? 0 : e.dropped);
      long interrupted = s.interrupted - (e == null ? 0 : e.interrupted);
      if (iterations == 0 && dropped == 0 && interrupted == 0) {
        return;
      }
      Stats.ScenarioStats out = d.scenario(name);
      out.iterations = iterations;
      out.dropped = dropped;
      out.interrupted = interrupted;
      out.iterationDuration.add(minus(s.iterationDuration, e == null ? null : e.iterationDuration));
    });
    now.checks.forEach((name, c) -> {
      long[] e = earlier.checks.getOrDefault(name, new long[2]);
      if (c[0] != e[0] || c[1] != e[1]) {
        d.checks.put(name, new long[] {c[0] - e[0], c[1] - e[1]});
      }
    });
    counts(now.connectionErrors, earlier.connectionErrors, d.connectionErrors);
    now.custom.forEach((k, c) -> {
      CustomSeries e = earlier.custom.get(k);
      long count = c.count - (e == null ? 0 : e.count);
      boolean gauge = c.type == dev.loadlab.api.loadtest.MetricType.GAUGE;
      if (count == 0 && !gauge) {
        return;
      }
      CustomSeries out = d.custom(k, c.type, c.units);
      out.count = count;
      out.sum = c.sum - (e == null ? 0 : e.sum);
      out.sumOfSquares = c.sumOfSquares - (e == null ? 0 : e.sumOfSquares);
      out.nonZero = c.nonZero - (e == null ? 0 : e.nonZero);
      out.last = c.last;
      out.lastAt = c.lastAt;
      if (e == null) {
        out.min = c.min;
        out.max = c.max;
      }
      if (c.distribution != null) {
        out.distribution.add(c.distribution);
        if (e != null) {
          out.distribution.subtract(e.distribution);
          if (count > 0) {
            // The interval's extremes are not kept by the recorder: its histogram's, within 3 significant digits.
            out.min = out.distribution.getMinValue();
            out.max = out.distribution.getMaxValue();
          }
        }
      }
      if (c.buckets != null) {
        c.buckets.forEach((key, v) -> {
          long diff = v - (e == null ? 0 : e.buckets.getOrDefault(key, 0L));
          if (diff != 0) {
            out.buckets.put(key, diff);
          }
        });
      }
    });
    d.allDurations.add(minus(now.allDurations, earlier.allDurations));
    d.requests = now.requests - earlier.requests;
    d.failures = now.failures - earlier.failures;
    d.bytesSent = now.bytesSent - earlier.bytesSent;
    d.bytesReceived = now.bytesReceived - earlier.bytesReceived;
    return d;
  }

  private static Histogram minus(Histogram now, Histogram earlier) {
    Histogram h = now.copy();
    if (earlier != null && earlier.getTotalCount() > 0) {
      h.subtract(earlier);
    }
    return h;
  }

  private static void counts(Map<String, long[]> now, Map<String, long[]> earlier, Map<String, long[]> into) {
    now.forEach((k, v) -> {
      long diff = v[0] - earlier.getOrDefault(k, new long[1])[0];
      if (diff != 0) {
        into.put(k, new long[] {diff});
      }
    });
  }
}
