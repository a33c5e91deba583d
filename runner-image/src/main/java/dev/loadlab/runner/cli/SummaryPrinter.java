package dev.loadlab.runner.cli;

import dev.loadlab.api.loadtest.Summary;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The end-of-test summary, in k6's layout: one line per metric, dotted to a column, then per resource. */
final class SummaryPrinter {
  private final PrintWriter out;

  SummaryPrinter(PrintWriter out) {
    this.out = out;
  }

  void print(Summary s, Summary.Distribution iterationDuration, Map<String, long[]> checks,
      Map<String, long[]> connectionErrors, Map<String, long[]> expressionErrors, int maxVus) {
    out.println();
    if (!checks.isEmpty()) {
      checks.forEach((name, c) -> {
        long total = c[0] + c[1];
        out.printf(Locale.ROOT, "     %s %s%n", c[1] == 0 ? "✓" : "✗", name
            + (c[1] == 0 ? "" : String.format(Locale.ROOT, "  ↳ %s%% — ✓ %d / ✗ %d", pct(c[0], total), c[0], c[1])));
      });
      out.println();
    }
    long checksTotal = s.checksPassed + s.checksFailed;
    if (checksTotal > 0) {
      line("checks", String.format(Locale.ROOT, "%s%%  ✓ %d  ✗ %d", pct(s.checksPassed, checksTotal), s.checksPassed, s.checksFailed));
    }
    double secs = s.durationSeconds == null || s.durationSeconds == 0 ? 1 : s.durationSeconds;
    line("data_received", bytes(s.dataReceived) + "  " + bytes((long) (s.dataReceived / secs)) + "/s");
    line("data_sent", bytes(s.dataSent) + "  " + bytes((long) (s.dataSent / secs)) + "/s");
    if (s.droppedIterations != null && s.droppedIterations > 0) {
      line("dropped_iterations", s.droppedIterations + "  " + rate(s.droppedIterations / secs) + "/s");
    }
    if (s.requests > 0) { // a test of WebSocket steps only has ws_* figures, under System metrics
      line("http_req_duration", trend(s.latency, "ms"));
      line("http_req_failed", String.format(Locale.ROOT, "%s%%  ✓ %d  ✗ %d", pct(s.failures, s.requests), s.failures,
          s.requests - s.failures));
      line("http_reqs", s.requests + "  " + rate(s.rps) + "/s");
    }
    line("iteration_duration", trend(iterationDuration, "ms"));
    line("iterations", s.iterations + "  " + rate(s.iterations / secs) + "/s");
    line("vus_max", Integer.toString(maxVus));
    connectionErrors.forEach((k, v) -> line("connection_errors{" + k + "}", Long.toString(v[0])));
    expressionErrors.forEach((k, v) -> line("expression_errors{" + k + "}", Long.toString(v[0])));
    var byNamespace = new java.util.TreeMap<String, java.util.List<Summary.MetricSummary>>();
    if (s.metrics != null) {
      s.metrics.forEach(m -> byNamespace.computeIfAbsent(m.namespace == null ? "User" : m.namespace, k -> new java.util.ArrayList<>()).add(m));
    }
    for (var ns : byNamespace.entrySet()) {
      out.println();
      out.println("     " + ns.getKey() + " metrics");
      for (Summary.MetricSummary m : ns.getValue()) {
        String name = m.name + series(m);
        String units = m.units == null ? "" : " " + m.units;
        switch (m.type) {
          case TREND, TIMING -> line(name, trend(m.distribution, units.trim())
              + (m.type == dev.loadlab.api.loadtest.MetricType.TIMING ? "" : String.format(Locale.ROOT, " sum=%s%s", num(m.sum), units)));
          case COUNTER -> line(name, num(m.value) + units);
          case RATE -> line(name, String.format(Locale.ROOT, "%s%%", num(m.rate * 100)));
          case GAUGE -> line(name, num(m.value) + units);
          case HISTOGRAM -> {
            long total = m.buckets.values().stream().mapToLong(Long::longValue).sum();
            var sb = new StringBuilder("total=" + total);
            m.buckets.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s=%d (%s%%)", k, v, pct(v, total))));
            line(name, sb.toString());
          }
        }
      }
    }
    if (s.resources != null && s.resources.size() > 1) {
      out.println();
      out.printf(Locale.ROOT, "     %-40s %9s %8s %10s %10s %10s%n", "resource", "requests", "failed", "p50", "p95", "max");
      for (Summary.ResourceSummary r : s.resources) {
        out.printf(Locale.ROOT, "     %-40s %9d %8d %10s %10s %10s%n", abbreviate(r.scenario + " " + r.resource, 40),
            r.requests, r.failures, ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.max));
      }
    }
    out.println();
    out.flush();
  }

  /** {@code {resource, tag=value, ...}}: what tells one series of a metric from another (e.g. grpc_status, ws_outcome). */
  private static String series(Summary.MetricSummary m) {
    var parts = new java.util.ArrayList<String>();
    if (m.resource != null) {
      parts.add(m.resource);
    }
    if (m.tags != null) {
      m.tags.forEach((k, v) -> parts.add(k + "=" + v));
    }
    return parts.isEmpty() ? "" : "{" + String.join(", ", parts) + "}";
  }

  /** Each threshold with ✓ or ✗ and the value observed. */
  void thresholds(java.util.List<dev.loadlab.api.loadtest.ThresholdResult> results, boolean aborted) {
    if (results.isEmpty()) {
      return;
    }
    out.println("     thresholds");
    for (var r : results) {
      String filter = r.labels == null || r.labels.isEmpty() ? "" : r.labels.toString();
      String observed = r.windows != null
          ? r.windowsMet + " of " + r.windows + " windows met it" + (r.objectiveMet == null ? "" : " (" + num(r.objectiveMet) + "%)")
              + (r.worstWindow == null ? "" : ", worst " + r.worstWindow + unitOf(r.metric))
          : "observed: " + (r.value == null ? "no samples" : num(r.value) + unitOf(r.metric))
              + (r.baselineRun == null ? "" : r.baseline == null ? "; baseline " + r.baselineRun
                  : "; baseline " + r.baselineRun + ": " + num(r.baseline) + unitOf(r.metric) + ", limit " + num(r.limit)
                      + unitOf(r.metric) + (r.change == null ? "" : ", " + r.change));
      out.printf(Locale.ROOT, "     %s %s%s %s  (%s)%s%n", Boolean.TRUE.equals(r.passed) ? "✓" : "✗", r.metric, filter,
          r.condition + (r.judgedBy == null ? "" : " [" + r.judgedBy + "]"), observed, Boolean.TRUE.equals(r.aborted) ? "  — aborted the test" : "");
    }
    long failed = results.stream().filter(r -> !Boolean.TRUE.equals(r.passed)).count();
    out.printf(Locale.ROOT, "%n     %s%n%n", failed == 0 ? "✓ all " + results.size() + " thresholds passed"
        : "✗ " + failed + " of " + results.size() + " thresholds failed" + (aborted ? "; the test was aborted" : ""));
    out.flush();
  }

  /** Whether the runner kept up; a saturated one is a warning that says what its figures are worth and the fix. */
  void runnerHealth(dev.loadlab.api.loadtest.RunnerHealthStatus health, boolean decides) {
    if (health == null || health.runners == null) {
      return;
    }
    var r = health.runners.get(0);
    String figures = String.format(Locale.ROOT, "event-loop lag p99 %.1f ms, CPU %.1f%% of %s core(s), GC %.1f%%, "
        + "blocked %.1f%%, dropped %.1f%%", r.eventLoopLagMs, r.cpuPercent, new java.text.DecimalFormat("0.##",
        java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(r.cpuCores), r.gcPausePercent,
        r.blockedPercent, r.droppedIterationsPercent);
    if (dev.loadlab.results.health.RunnerSaturation.SATURATED.equals(health.verdict)) {
      out.println("     ⚠ the runner was saturated (" + figures + ")");
      out.println("       " + health.message);
      out.println(decides ? "       verdict: Inconclusive (exit code " + LoadlabCommand.EXIT_INCONCLUSIVE + "), whatever the "
          + "thresholds say" : "       verdict: on the thresholds alone (spec.runnerHealth.onSaturated: Report)");
    } else {
      out.println("     ✓ the runner kept up (" + figures + ")");
    }
    out.println();
    out.flush();
  }

  private static String unitOf(String metric) {
    return dev.loadlab.api.validation.BuiltInMetric.byName(metric).filter(m -> m.units().equals("ms")).map(m -> "ms").orElse("");
  }

  private void line(String name, String value) {
    String dots = ".".repeat(Math.max(2, 34 - name.length()));
    out.printf(Locale.ROOT, "     %s%s: %s%n", name, dots, value);
  }

  private static String trend(Summary.Distribution d, String unit) {
    if (d == null || d.count == null || d.count == 0) {
      return "no values";
    }
    if (unit.equals("ms")) {
      return String.format(Locale.ROOT, "avg=%s min=%s med=%s max=%s p(90)=%s p(95)=%s p(99)=%s",
          ms(d.mean), ms(d.min), ms(d.p50), ms(d.max), ms(d.p90), ms(d.p95), ms(d.p99));
    }
    String u = unit.isEmpty() ? "" : " " + unit;
    return String.format(Locale.ROOT, "avg=%s min=%s med=%s max=%s p(90)=%s p(95)=%s p(99)=%s%s",
        num(d.mean), num(d.min), num(d.p50), num(d.max), num(d.p90), num(d.p95), num(d.p99), u);
  }

  /** Milliseconds as a person reads them: 598µs, 12.34ms, 1.52s. */
  static String ms(Double v) {
    if (v == null) {
      return "-";
    }
    if (v < 1) {
      return String.format(Locale.ROOT, "%.0fµs", v * 1000);
    }
    if (v < 1000) {
      return String.format(Locale.ROOT, "%.2fms", v);
    }
    return String.format(Locale.ROOT, "%.2fs", v / 1000);
  }

  static String num(Double v) {
    if (v == null) {
      return "-";
    }
    double a = Math.abs(v);
    if (a == Math.rint(a) && a < 1e15) {
      return Long.toString(v.longValue());
    }
    return a >= 100 ? String.format(Locale.ROOT, "%.1f", v) : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.2f", perSecond);
  }

  private static String pct(long part, long total) {
    return total == 0 ? "0.00" : String.format(Locale.ROOT, "%.2f", 100.0 * part / total);
  }

  static String bytes(long b) {
    if (b < 1000) {
      return b + " B";
    }
    if (b < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
