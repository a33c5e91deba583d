package dev.loadlab.results;

/**
 * One interval of a run: its index k, its span in seconds since the run's start, the virtual users active when it
 * closed, and what was recorded in it alone (lean {@link Stats}: no request phases, groups or expression errors).
 */
public record Interval(int index, double startSeconds, double endSeconds, long vus, Stats stats) {

  /** The interval's figures for reading: rates and percentiles (durations in ms). */
  public Figures figures() {
    var all = stats.allDurations();
    boolean any = all.getTotalCount() > 0;
    double length = endSeconds - startSeconds;
    return new Figures(startSeconds, endSeconds, vus, stats.requests(), stats.failures(), stats.iterations(), stats.dropped(),
        length > 0 ? Math.round(stats.requests() / length * 1000) / 1000.0 : 0.0,
        any ? ms(all.getValueAtPercentile(50)) : null, any ? ms(all.getValueAtPercentile(95)) : null,
        any ? ms(all.getValueAtPercentile(99)) : null, any ? ms(all.getMaxValue()) : null);
  }

  /** What {@code --summary-json} and a runner's summary show of an interval. */
  public record Figures(double startSeconds, double endSeconds, long vus, long requests, long failures, long iterations,
      long dropped, double rps, Double p50, Double p95, Double p99, Double max) {
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
