package dev.loadlab.results;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The intervals of several runners added up: interval k of each runner covers the same wall-clock span (they start
 * at one instant), so their figures add exactly, histograms included. The merged span is the widest of them (the
 * last interval ends when the last runner finished), and VUs are summed.
 */
public final class IntervalMerge {
  private IntervalMerge() {
  }

  public static List<Interval> merge(List<List<Interval>> runners) {
    var byIndex = new TreeMap<Integer, Interval>();
    for (List<Interval> intervals : runners) {
      for (Interval i : intervals) {
        byIndex.merge(i.index(), copy(i), IntervalMerge::add);
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  private static Interval copy(Interval i) {
    var s = new Stats();
    s.addLean(i.stats());
    return new Interval(i.index(), i.startSeconds(), i.endSeconds(), i.vus(), s);
  }

  private static Interval add(Interval a, Interval b) {
    a.stats().addLean(b.stats());
    return new Interval(a.index(), Math.min(a.startSeconds(), b.startSeconds()), Math.max(a.endSeconds(), b.endSeconds()),
        a.vus() + b.vus(), a.stats());
  }
}
