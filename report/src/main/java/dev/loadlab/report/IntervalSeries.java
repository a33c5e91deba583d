package dev.loadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.Interval;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.results.ResultsCodec;
import dev.loadlab.results.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a run over time, one point per merged interval (decoded one at a time): the columns the report's
 * charts draw. Rates are per second of the interval; latencies in ms; a missing value (no request) is null.
 */
final class IntervalSeries {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private IntervalSeries() {
  }

  static ObjectNode of(JsonNode intervals) {
    Map<String, ArrayNode> cols = new LinkedHashMap<>();
    for (String c : new String[] {"t", "rps", "failuresPerSecond", "vus", "p50", "p95", "p99", "max", "iterationsPerSecond",
        "droppedPerSecond", "sentPerSecond", "receivedPerSecond"}) {
      cols.put(c, F.arrayNode());
    }
    Map<String, ArrayNode> byClass = new TreeMap<>();
    Map<String, ObjectNode> custom = new TreeMap<>();
    int n = 0;
    boolean perResource = false;
    for (JsonNode node : intervals) {
      Interval i = ResultsCodec.decodeInterval(node);
      Stats s = i.stats();
      double len = Math.max(1e-9, i.endSeconds() - i.startSeconds());
      var all = s.allDurations();
      boolean any = all.getTotalCount() > 0;
      cols.get("t").add(i.endSeconds());
      cols.get("rps").add(round(s.requests() / len));
      cols.get("failuresPerSecond").add(round(s.failures() / len));
      cols.get("vus").add(i.vus());
      cols.get("p50").add(any ? ms(all.getValueAtPercentile(50)) : null);
      cols.get("p95").add(any ? ms(all.getValueAtPercentile(95)) : null);
      cols.get("p99").add(any ? ms(all.getValueAtPercentile(99)) : null);
      cols.get("max").add(any ? ms(all.getMaxValue()) : null);
      cols.get("iterationsPerSecond").add(round(s.iterations() / len));
      cols.get("droppedPerSecond").add(round(s.dropped() / len));
      cols.get("sentPerSecond").add(round(s.bytesSent() / len));
      cols.get("receivedPerSecond").add(round(s.bytesReceived() / len));
      long[] classes = new long[CLASSES.length];
      for (ResourceStats r : s.resources().values()) {
        perResource = true;
        long[] st = r.statuses();
        for (int code = 0; code < st.length; code++) {
          classes[code / 100] += st[code];
        }
      }
      for (int c = 0; c < CLASSES.length; c++) {
        final int index = n;
        ArrayNode col = byClass.computeIfAbsent(CLASSES[c], k -> padded(index));
        col.add(round(classes[c] / len));
      }
      addCustom(custom, s, len, n);
      n++;
    }
    ObjectNode out = F.objectNode();
    cols.forEach(out::set);
    ObjectNode statuses = out.putObject("responsesPerSecondByClass");
    if (perResource) {
      byClass.forEach((k, v) -> {
        boolean used = false;
        for (JsonNode x : v) {
          used |= x.asDouble() > 0;
        }
        if (used) {
          statuses.set(k, v);
        }
      });
    }
    ObjectNode metrics = out.putObject("custom");
    final int count = n;
    custom.forEach((name, m) -> {
      for (JsonNode col : m.path("columns")) {
        while (col.size() < count) {
          ((ArrayNode) col).add(F.nullNode());
        }
      }
      metrics.set(name, m);
    });
    return out;
  }

  /** Each custom metric (all its resources and tags together) per interval, in the columns of its type. */
  private static void addCustom(Map<String, ObjectNode> custom, Stats s, double len, int index) {
    Map<String, List<CustomSeries>> byName = new TreeMap<>();
    s.custom().forEach((k, v) -> byName.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(v));
    byName.forEach((name, parts) -> {
      CustomSeries c = CustomSeries.merged(parts);
      ObjectNode m = custom.computeIfAbsent(name, k -> {
        ObjectNode o = F.objectNode().put("type", c.type().id()).put("units", c.units());
        o.putObject("columns");
        return o;
      });
      ObjectNode cols = (ObjectNode) m.path("columns");
      switch (c.type()) {
        case TREND, TIMING -> {
          boolean any = c.count() > 0 && c.distribution() != null && c.distribution().getTotalCount() > 0;
          column(cols, "avg", index).add(c.count() > 0 ? round6(c.sum() / c.count()) : null);
          column(cols, "p50", index).add(any ? round6(dev.loadlab.results.Percentiles.of(c, 50)) : null);
          column(cols, "p95", index).add(any ? round6(dev.loadlab.results.Percentiles.of(c, 95)) : null);
          column(cols, "p99", index).add(any ? round6(dev.loadlab.results.Percentiles.of(c, 99)) : null);
        }
        case COUNTER -> column(cols, "perSecond", index).add(round6(c.sum() / len));
        case RATE -> column(cols, "share", index).add(c.count() > 0 ? round6((double) c.nonZero() / c.count()) : null);
        case GAUGE -> column(cols, "value", index).add(c.lastAt() == Long.MIN_VALUE ? null : c.last());
        case HISTOGRAM -> c.buckets().forEach((bucket, count) -> column(cols, bucket, index).add(round6(count / len)));
      }
      if (c.type() == MetricType.HISTOGRAM) {
        m.put("columnsArePerSecond", true);
      }
    });
  }

  /** The column, created with nulls for the intervals before this one (a metric seen first later in the run). */
  private static ArrayNode column(ObjectNode cols, String name, int index) {
    if (!cols.has(name)) {
      cols.set(name, padded(index));
    }
    ArrayNode col = (ArrayNode) cols.get(name);
    while (col.size() < index) {
      col.add(F.nullNode());
    }
    return col;
  }

  private static ArrayNode padded(int n) {
    ArrayNode a = F.arrayNode();
    for (int i = 0; i < n; i++) {
      a.add(F.nullNode());
    }
    return a;
  }

  static double ms(long micros) {
    return micros / 1000.0;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
