package dev.loadlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.results.Stats;
import dev.loadlab.results.record.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the report shows, computed from a run record: the data the page's script draws and lists. Everything a
 * reader sees is derived here, in Java, from the record's merged histograms and counters; the page only lays it out.
 */
final class ReportModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The percentiles of the latency curves, up to p99.999 (the x axis is 1/(1-p), log scale). */
  static final double[] CURVE = {0, 10, 25, 50, 75, 90, 95, 97, 98, 99, 99.5, 99.7, 99.9, 99.95, 99.97, 99.99, 99.995, 99.999};

  private ReportModel() {
  }

  /** A run and another it is compared with: the first's report, with the other's series, curves and the differences. */
  static ObjectNode of(RunRecord r, RunRecord other) {
    ObjectNode m = of(r);
    if (other != null) {
      ObjectNode c = m.putObject("compare");
      c.put("name", (other.namespace.isEmpty() ? "" : other.namespace + "/") + other.name).put("run", other.run)
          .put("phase", other.phase).put("startTime", other.startTime);
      c.set("series", IntervalSeries.of(other.intervals));
      c.set("latency", curves(other.totals));
      c.set("differences", Comparison.of(r, other));
    }
    return m;
  }

  static ObjectNode of(RunRecord r) {
    ObjectNode m = JSON.createObjectNode();
    ObjectNode h = m.putObject("header");
    h.put("name", r.name).put("namespace", r.namespace).put("run", r.run).put("origin", r.origin).put("phase", r.phase)
        .put("reason", r.reason).put("message", r.message).put("startTime", r.startTime).put("endTime", r.endTime)
        .put("durationSeconds", r.durationSeconds).put("intervalSeconds", r.intervalSeconds);
    ArrayNode runners = h.putArray("runners");
    r.runners.forEach(x -> runners.addObject().put("name", x.name()).put("index", x.index()).put("region", x.region())
        .put("collected", x.collected()).set("health", x.health()));
    m.set("summary", JSON.valueToTree(r.summary));
    m.set("thresholds", JSON.valueToTree(r.thresholds));
    m.put("thresholdsPassed", r.thresholdsPassed);
    m.set("runnerHealth", r.runnerHealth == null ? null : JSON.valueToTree(r.runnerHealth));
    m.set("series", IntervalSeries.of(r.intervals));
    m.set("latency", curves(r.totals));
    ArrayNode regions = m.putArray("regions");
    r.regions.forEach((name, stats) -> {
      var all = stats.allDurations();
      ObjectNode o = regions.addObject().put("region", name).put("requests", stats.requests()).put("failures", stats.failures())
          .put("rps", r.durationSeconds > 0 ? IntervalSeries.round(stats.requests() / r.durationSeconds) : 0)
          .put("iterations", stats.iterations()).put("runners", r.runners.stream().filter(x -> name.equals(x.region())).count());
      if (all.getTotalCount() > 0) {
        o.put("p50", IntervalSeries.ms(all.getValueAtPercentile(50))).put("p95", IntervalSeries.ms(all.getValueAtPercentile(95)))
            .put("p99", IntervalSeries.ms(all.getValueAtPercentile(99))).put("max", IntervalSeries.ms(all.getMaxValue()));
      }
    });
    m.set("phases", phases(r.totals));
    m.set("checks", JSON.valueToTree(r.totals.checks()));
    ObjectNode errors = m.putObject("connectionErrors");
    r.totals.connectionErrors().forEach((k, v) -> errors.put(k, v[0]));
    m.set("custom", custom(r.totals));
    m.set("traces", r.traces);
    ArrayNode dropped = m.putArray("dropped");
    r.dropped.forEach(dropped::add);
    return m;
  }

  /** Latency against percentile, overall and per resource: x = 1/(1-p) so p90, p99, p99.9 are evenly spaced. */
  private static ObjectNode curves(Stats totals) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode x = out.putArray("x");
    for (double p : CURVE) {
      x.add(100 / (100 - p));
    }
    ObjectNode series = out.putObject("series");
    if (totals.allDurations().getTotalCount() > 0) {
      series.set("all requests", curve(totals.allDurations()));
    }
    sorted(totals).forEach((k, v) -> {
      if (v.duration().getTotalCount() > 0) {
        series.set(label(k), curve(v.duration()));
      }
    });
    return out;
  }

  private static ArrayNode curve(Histogram h) {
    ArrayNode y = JSON.createArrayNode();
    for (double p : CURVE) {
      y.add(IntervalSeries.ms(h.getValueAtPercentile(p)));
    }
    return y;
  }

  /** Where each resource's time went: mean of each request phase, ms. */
  private static ArrayNode phases(Stats totals) {
    ArrayNode out = JSON.createArrayNode();
    sorted(totals).forEach((k, v) -> {
      ObjectNode o = out.addObject().put("resource", label(k));
      o.put("blocked", mean(v.blocked())).put("connecting", mean(v.connecting())).put("tlsHandshaking", mean(v.tlsHandshaking()))
          .put("sending", mean(v.sending())).put("waiting", mean(v.waiting())).put("receiving", mean(v.receiving()));
    });
    return out;
  }

  /** Each custom metric over all its resources and tags: type, units and the figures of its type. */
  private static ArrayNode custom(Stats totals) {
    Map<String, List<CustomSeries>> byName = new TreeMap<>();
    totals.custom().forEach((k, v) -> byName.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(v));
    ArrayNode out = JSON.createArrayNode();
    byName.forEach((name, parts) -> {
      CustomSeries c = CustomSeries.merged(parts);
      ObjectNode o = out.addObject().put("name", name).put("type", c.type().id()).put("units", c.units()).put("count", c.count());
      switch (c.type()) {
        case TREND, TIMING -> {
          if (c.count() > 0) {
            o.put("min", c.min()).put("avg", c.sum() / c.count()).put("max", c.max()).put("sum", c.sum());
            for (double p : new double[] {50, 90, 95, 99}) {
              o.put("p" + (int) p, dev.loadlab.results.Percentiles.of(c, p));
            }
          }
        }
        case COUNTER -> o.put("total", c.sum());
        case RATE -> o.put("share", c.count() == 0 ? 0 : (double) c.nonZero() / c.count()).put("nonZero", c.nonZero());
        case GAUGE -> o.put("last", c.last()).put("min", c.min()).put("max", c.max());
        case HISTOGRAM -> {
          ObjectNode buckets = o.putObject("buckets");
          c.buckets().forEach(buckets::put);
        }
      }
    });
    return out;
  }

  private static Map<ResourceKey, ResourceStats> sorted(Stats totals) {
    var m = new TreeMap<ResourceKey, ResourceStats>((a, b) -> label(a).compareTo(label(b)));
    m.putAll(totals.requestResources());
    return m;
  }

  private static String label(ResourceKey k) {
    String tags = k.tags().isEmpty() ? "" : " " + k.tags();
    return k.scenario() + " · " + k.resource() + tags;
  }

  private static double mean(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : IntervalSeries.round(h.getMean() / 1000.0);
  }
}
