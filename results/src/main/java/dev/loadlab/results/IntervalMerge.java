package dev.loadlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The intervals of several runners added up: interval k of each runner covers the same wall-clock span (they start
 * at one instant), so their figures add exactly, histograms included. The merged span is the widest of them (the
 * last interval ends when the last runner finished), and VUs are summed. Works on encoded intervals, one index at a
 * time, so only one interval's histograms are ever decoded.
 */
public final class IntervalMerge {
  private IntervalMerge() {
  }

  /** @param runners each runner's encoded intervals ({@code /results} "intervals") */
  public static ArrayNode merge(List<? extends JsonNode> runners) {
    var byIndex = new TreeMap<Integer, List<JsonNode>>();
    for (JsonNode intervals : runners) {
      for (JsonNode i : intervals) {
        byIndex.computeIfAbsent(i.path("index").asInt(), k -> new ArrayList<>()).add(i);
      }
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    byIndex.forEach((k, parts) -> out.add(ResultsCodec.encode(add(k, parts, false))));
    return out;
  }

  /** Intervals twice as long: intervals 2k and 2k+1 added into interval k (still exact, half as many). */
  public static ArrayNode coarsen(JsonNode intervals) {
    var byIndex = new TreeMap<Integer, List<JsonNode>>();
    for (JsonNode i : intervals) {
      byIndex.computeIfAbsent(i.path("index").asInt() / 2, k -> new ArrayList<>()).add(i);
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    byIndex.forEach((k, parts) -> out.add(ResultsCodec.encode(add(k, parts, true))));
    return out;
  }

  /** Adds parts that cover one span ({@code consecutive} false: VUs summed) or follow each other (VUs of the last). */
  private static Interval add(int index, List<JsonNode> parts, boolean consecutive) {
    var stats = new Stats();
    double start = Double.MAX_VALUE;
    double end = 0;
    long vus = 0;
    for (JsonNode p : parts) {
      Interval i = ResultsCodec.decodeInterval(p);
      stats.addLean(i.stats());
      start = Math.min(start, i.startSeconds());
      end = Math.max(end, i.endSeconds());
      vus = consecutive ? i.vus() : vus + i.vus();
    }
    return new Interval(index, start, end, vus, stats);
  }
}
