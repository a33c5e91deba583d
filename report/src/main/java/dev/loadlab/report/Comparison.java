package dev.loadlab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.results.record.RunRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The differences between a run and another (the one it is compared with): each figure of both summaries side by
 * side with its change, regressions first. A regression is a change for the worse where worse is clear: slower
 * (latencies), more failures, more dropped iterations, fewer checks passed. Other changes (throughput, custom
 * metrics, whose good direction only their author knows) follow, largest first.
 */
final class Comparison {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One figure: its name, both values, and which way is worse (+1 higher, -1 lower, 0 unknown). */
  private record Row(String figure, String units, Double run, Double other, int worse) {
    Double change() {
      return run == null || other == null || other == 0 ? null : (run - other) / Math.abs(other) * 100;
    }

    boolean regression() {
      Double c = change();
      return c != null && worse != 0 && Math.signum(c) == worse && Math.abs(c) >= 0.05;
    }
  }

  private Comparison() {
  }

  static ArrayNode of(RunRecord run, RunRecord other) {
    var rows = new ArrayList<Row>();
    Summary a = run.summary;
    Summary b = other.summary;
    if (a != null && b != null) {
      rows.add(new Row("requests per second", "/s", a.rps, b.rps, 0));
      rows.add(new Row("failed requests", "%", share(a.failures, a.requests), share(b.failures, b.requests), 1));
      rows.add(new Row("dropped iterations", "", num(a.droppedIterations), num(b.droppedIterations), 1));
      rows.add(new Row("checks passed", "%", share(a.checksPassed, sum(a.checksPassed, a.checksFailed)),
          share(b.checksPassed, sum(b.checksPassed, b.checksFailed)), -1));
      latency(rows, "all requests", a.latency, b.latency);
      Map<String, Summary.ResourceSummary> theirs = new HashMap<>();
      if (b.resources != null) {
        b.resources.forEach(r -> theirs.put(r.scenario + " · " + r.resource, r));
      }
      if (a.resources != null) {
        for (Summary.ResourceSummary r : a.resources) {
          var o = theirs.get(r.scenario + " · " + r.resource);
          if (o != null) {
            String name = r.scenario + " · " + r.resource;
            latency(rows, name, r.latency, o.latency);
            rows.add(new Row(name + " failed", "%", share(r.failures, r.requests), share(o.failures, o.requests), 1));
          }
        }
      }
      Map<String, Summary.MetricSummary> custom = new HashMap<>();
      if (b.metrics != null) {
        b.metrics.forEach(m -> custom.put(m.name + "|" + m.resource, m));
      }
      if (a.metrics != null) {
        for (Summary.MetricSummary m : a.metrics) {
          var o = custom.get(m.name + "|" + m.resource);
          if (o == null) {
            continue;
          }
          String name = m.name + (m.resource == null ? "" : " {" + m.resource + "}");
          String units = m.units == null ? "" : m.units;
          if (m.distribution != null && o.distribution != null) {
            rows.add(new Row(name + " avg", units, m.distribution.mean, o.distribution.mean, 0));
            rows.add(new Row(name + " p95", units, m.distribution.p95, o.distribution.p95, 0));
          } else if (m.value != null && o.value != null) {
            rows.add(new Row(name, units, m.value, o.value, 0));
          } else if (m.rate != null && o.rate != null) {
            rows.add(new Row(name, "%", m.rate * 100, o.rate * 100, 0));
          }
        }
      }
    }
    rows.sort(Comparator.comparing((Row r) -> !r.regression())
        .thenComparing(r -> r.change() == null ? 0 : -Math.abs(r.change())));
    ArrayNode out = F.arrayNode();
    for (Row r : rows) {
      ObjectNode o = out.addObject().put("figure", r.figure()).put("units", r.units()).put("regression", r.regression());
      put(o, "run", r.run());
      put(o, "other", r.other());
      put(o, "change", r.change() == null ? null : Math.round(r.change() * 10) / 10.0);
    }
    return out;
  }

  private static void latency(List<Row> rows, String name, Summary.Distribution a, Summary.Distribution b) {
    if (a == null || b == null) {
      return;
    }
    rows.add(new Row(name + " p50", "ms", a.p50, b.p50, 1));
    rows.add(new Row(name + " p95", "ms", a.p95, b.p95, 1));
    rows.add(new Row(name + " p99", "ms", a.p99, b.p99, 1));
  }

  private static Double share(Long part, Long whole) {
    return part == null || whole == null || whole == 0 ? null : 100.0 * part / whole;
  }

  private static Long sum(Long a, Long b) {
    return a == null || b == null ? null : a + b;
  }

  private static Double num(Long v) {
    return v == null ? null : v.doubleValue();
  }

  private static void put(ObjectNode o, String field, Double v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }
}
