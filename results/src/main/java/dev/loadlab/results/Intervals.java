package dev.loadlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Per-interval recording (spec.metrics.interval, default 10 s): what happened in each interval, from the
 * difference of two cumulative snapshots, so the recording path does nothing extra. Interval k covers
 * {@code [start + k·interval, start + (k+1)·interval)}; runners started at one instant close the same intervals,
 * so interval k of every runner adds up ({@link IntervalMerge}) to what one runner would have recorded.
 * A closed interval is kept encoded ({@link ResultsCodec#encode(Interval)}, its histograms compressed): an hour of
 * 40 resources is a few MB, where the histograms themselves would take GBs.
 */
public final class Intervals {
  private final Supplier<Stats> cumulative;
  private final IntSupplier vus;
  private final List<JsonNode> intervals = new ArrayList<>();
  private Stats previous = new Stats();
  private double previousEnd;

  /**
   * @param cumulative a lean snapshot of everything so far ({@link LoopMetrics#intervalSnapshot()}, merged over the loops)
   * @param vus the virtual users active now
   */
  public Intervals(Supplier<Stats> cumulative, IntSupplier vus) {
    this.cumulative = cumulative;
    this.vus = vus;
  }

  /** Closes the interval ending now ({@code elapsedSeconds} since the start). Called by one thread at a time. */
  public synchronized void close(double elapsedSeconds) {
    if (elapsedSeconds <= previousEnd) {
      return;
    }
    Stats now = cumulative.get();
    intervals.add(ResultsCodec.encode(new Interval(intervals.size(), round(previousEnd), round(elapsedSeconds),
        vus.getAsInt(), StatsDifference.between(now, previous))));
    previous = now;
    previousEnd = elapsedSeconds;
  }

  /** The closed intervals, encoded, in order. */
  public synchronized ArrayNode encoded() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    intervals.forEach(out::add);
    return out;
  }

  /** Each closed interval's figures for reading (decoded one at a time). */
  public synchronized List<Interval.Figures> figures() {
    var out = new ArrayList<Interval.Figures>();
    intervals.forEach(i -> out.add(ResultsCodec.decodeInterval(i).figures()));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
