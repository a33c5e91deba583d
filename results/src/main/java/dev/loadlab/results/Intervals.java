package dev.loadlab.results;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Per-interval aggregation (spec.metrics.interval, default 10 s): what happened in each interval, from the
 * difference of two cumulative snapshots, so the recording path does nothing extra. Kept for the summary
 * and the results; each interval is a handful of numbers, so an hour at 10 s is 360 small records.
 */
public final class Intervals {
  /** One interval: seconds since the start, and the figures of the interval alone (durations in ms). */
  public record Interval(double startSeconds, double endSeconds, long requests, long failures, long iterations,
      long dropped, double rps, Double p50, Double p95, Double p99, Double max) {
  }

  private final Supplier<Stats> cumulative;
  private final List<Interval> intervals = new CopyOnWriteArrayList<>();
  private Stats previous = new Stats();
  private double previousEnd;

  /** @param cumulative a light snapshot (counts and the all-requests histogram), e.g. LoadRun::progress */
  public Intervals(Supplier<Stats> cumulative) {
    this.cumulative = cumulative;
  }

  /** Closes the interval ending now ({@code elapsedSeconds} since the start). Called by one thread at a time. */
  public synchronized void close(double elapsedSeconds) {
    if (elapsedSeconds <= previousEnd) {
      return;
    }
    Stats now = cumulative.get();
    Histogram delta = now.allDurations().copy();
    delta.subtract(previous.allDurations());
    long requests = now.requests() - previous.requests();
    double length = elapsedSeconds - previousEnd;
    boolean any = delta.getTotalCount() > 0;
    intervals.add(new Interval(round(previousEnd), round(elapsedSeconds), requests, now.failures() - previous.failures(),
        now.iterations() - previous.iterations(), now.dropped() - previous.dropped(), round(requests / length),
        any ? ms(delta.getValueAtPercentile(50)) : null, any ? ms(delta.getValueAtPercentile(95)) : null,
        any ? ms(delta.getValueAtPercentile(99)) : null, any ? ms(delta.getMaxValue()) : null));
    previous = now;
    previousEnd = elapsedSeconds;
  }

  public List<Interval> all() {
    return List.copyOf(intervals);
  }

  private static double ms(long micros) {
    return Math.round(micros / 1.0) / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
