package dev.loadlab.results.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.RunnerHealthLimits;
import dev.loadlab.api.loadtest.RunnerHealthStatus;
import dev.loadlab.api.loadtest.RunnerHealthStatus.RunnerHealthResult;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.results.Stats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether each runner could keep up, judged from the health figures it reported ({@code /results} "health") against
 * spec.runnerHealth: event-loop lag p99, CPU of its loops against what they could use and GC pause share (limits by
 * default), and the share of request time spent blocked past the scheduled start and the share of iterations dropped
 * (only when the LoadTest sets a limit: a slow target holds virtual users busy, so these mostly measure the target and
 * the test's sizing, and the wait is already in the latencies). One runner past one limit makes the run Saturated; the
 * message names the runner, the figure, its limit and what to do.
 */
public final class RunnerSaturation {
  public static final String HEALTHY = "Healthy";
  public static final String SATURATED = "Saturated";
  public static final String UNKNOWN = "Unknown";
  public static final String DEFAULT_MAX_EVENT_LOOP_LAG = "200ms";
  public static final String DEFAULT_MAX_CPU = "90%";
  public static final String DEFAULT_MAX_GC_PAUSE = "10%";
  /**
   * Event-loop lag, CPU and GC pauses are judged once a runner measured this long: over a shorter run the p99 of the
   * lag is its one worst tick, and the first JIT compilations and collections of a young JVM weigh as much as the
   * load, so they would pass for saturation (a 5 s run in CI spent 11 % of it in GC). Blocked time and dropped
   * iterations, whose limits a LoadTest sets itself, are judged whatever the length.
   */
  public static final double MIN_SECONDS = 10;

  /** Where the runners ran: the advice differs. */
  public enum Where {
    CLUSTER, LOCAL
  }

  private RunnerSaturation() {
  }

  /** Adds the figures a runner reads off its own results: the blocked share and the dropped iterations. */
  public static ObjectNode addLoadFigures(ObjectNode health, Stats stats) {
    double blocked = 0;
    double total = 0;
    for (ResourceStats r : stats.resources().values()) {
      blocked += r.blocked().getMean() * r.blocked().getTotalCount();
      total += r.duration().getMean() * r.duration().getTotalCount();
    }
    long dropped = stats.dropped();
    long asked = stats.iterations() + dropped;
    return health.put("blockedShare", total > 0 ? round(blocked / total) : 0)
        .put("droppedIterations", dropped).put("droppedShare", asked > 0 ? round((double) dropped / asked) : 0);
  }

  /** @param health each runner's figures by name (a runner without figures is left out) */
  public static RunnerHealthStatus judge(RunnerHealthLimits limits, Map<String, JsonNode> health, Where where) {
    var l = limits == null ? new RunnerHealthLimits() : limits;
    double maxLagMs = Durations.parse(or(l.maxEventLoopLag, DEFAULT_MAX_EVENT_LOOP_LAG)).toNanos() / 1e6;
    double maxCpu = percent(or(l.maxCpu, DEFAULT_MAX_CPU));
    double maxGc = percent(or(l.maxGcPause, DEFAULT_MAX_GC_PAUSE));
    double maxBlocked = l.maxBlocked == null ? Double.POSITIVE_INFINITY : percent(l.maxBlocked);
    double maxDropped = l.maxDroppedIterations == null ? Double.POSITIVE_INFINITY : percent(l.maxDroppedIterations);
    var status = new RunnerHealthStatus();
    status.runners = new ArrayList<>();
    var findings = new ArrayList<String>();
    var fixes = new LinkedHashSet<String>();
    int shortRuns = 0;
    for (var e : new TreeMap<>(health).entrySet()) {
      JsonNode h = e.getValue();
      if (h == null || !h.has("eventLoopLagMs")) {
        continue;
      }
      var r = new RunnerHealthResult();
      r.runner = e.getKey();
      r.eventLoopLagMs = h.path("eventLoopLagMs").path("p99").asDouble();
      r.cpuPercent = pct(h.path("cpu").path("avg").asDouble());
      r.cpuCores = h.path("cores").asDouble();
      r.gcPausePercent = pct(h.path("gcPauseShare").asDouble());
      r.blockedPercent = pct(h.path("blockedShare").asDouble());
      r.droppedIterationsPercent = pct(h.path("droppedShare").asDouble());
      var exceeded = new ArrayList<String>();
      var said = new ArrayList<String>();
      // records before "seconds" was reported: the ticks of its loops, 10 a second
      double seconds = h.has("seconds") ? h.path("seconds").asDouble()
          : h.path("eventLoopLagMs").path("ticks").asDouble() / Math.max(1, h.path("loops").asInt(1)) / 10;
      boolean longEnough = seconds >= MIN_SECONDS;
      if (!longEnough) {
        shortRuns++;
      }
      if (longEnough && r.eventLoopLagMs > maxLagMs) {
        exceeded.add("eventLoopLag");
        said.add(String.format(Locale.ROOT, "event-loop lag p99 %.0f ms (limit %.0f ms)", r.eventLoopLagMs, maxLagMs));
        fixes.add(moreCpu(where));
      }
      if (longEnough && r.cpuPercent > maxCpu) {
        exceeded.add("cpu");
        said.add(String.format(Locale.ROOT, "CPU %.0f%% of %s core(s) (limit %s%%)", r.cpuPercent, number(r.cpuCores),
            number(maxCpu)));
        fixes.add(moreCpu(where));
      }
      if (longEnough && r.gcPausePercent > maxGc) {
        exceeded.add("gcPause");
        said.add(String.format(Locale.ROOT, "GC pauses %.1f%% of the run (limit %s%%)", r.gcPausePercent, number(maxGc)));
        fixes.add(where == Where.CLUSTER ? "give the runners more memory (spec.runner.resources.limits.memory)"
            : "give the JVM more heap (JAVA_TOOL_OPTIONS=-Xmx...)");
      }
      if (r.blockedPercent > maxBlocked) {
        exceeded.add("blocked");
        said.add(String.format(Locale.ROOT, "%.1f%% of the requests' time spent waiting past their scheduled start "
            + "(limit %s%%)", r.blockedPercent, number(maxBlocked)));
        fixes.add("raise preAllocatedVUs/maxVUs of the arrival-rate scenarios, or add runners");
      }
      if (r.droppedIterationsPercent > maxDropped) {
        exceeded.add("droppedIterations");
        said.add(String.format(Locale.ROOT, "%.1f%% of the iterations dropped (limit %s%%)", r.droppedIterationsPercent,
            number(maxDropped)));
        fixes.add("raise maxVUs of the arrival-rate scenarios, or add runners");
      }
      r.exceeded = exceeded.isEmpty() ? null : exceeded;
      if (!said.isEmpty()) {
        findings.add("runner " + r.runner + ": " + String.join(", ", said));
      }
      status.runners.add(r);
    }
    if (status.runners.isEmpty()) {
      status.verdict = UNKNOWN;
      status.message = "no runner reported its health figures";
      status.runners = null;
    } else if (findings.isEmpty()) {
      status.verdict = HEALTHY;
      status.message = status.runners.size() + " runner(s) kept up: every figure within spec.runnerHealth"
          + (shortRuns == 0 ? "" : String.format(Locale.ROOT, " (%d measured less than %.0f s: their lag, CPU and GC are "
              + "shown, not judged)", shortRuns, MIN_SECONDS));
    } else {
      status.verdict = SATURATED;
      status.message = findings.size() + " of " + status.runners.size() + " runner(s) saturated: "
          + String.join("; ", findings) + ". Their figures may include the runner's own delay, not only the target's; "
          + String.join("; ", fixes) + " (limits: spec.runnerHealth)";
    }
    return status;
  }

  /** Whether a saturated run ends Inconclusive (the default) rather than on its thresholds. */
  public static boolean decides(RunnerHealthLimits limits, RunnerHealthStatus status) {
    return status != null && SATURATED.equals(status.verdict)
        && (limits == null || limits.onSaturated != RunnerHealthLimits.OnSaturated.Report);
  }

  private static String moreCpu(Where where) {
    return where == Where.CLUSTER ? "give the runners more CPU (spec.runner.resources) or spread the load over more "
        + "runners (spec.runners)" : "run it where the runner has more CPU to itself (--threads, a quieter machine), or in "
        + "the cluster over more runners";
  }

  private static String or(String v, String d) {
    return v == null ? d : v;
  }

  private static double percent(String p) {
    return Double.parseDouble(p.substring(0, p.length() - 1));
  }

  private static double pct(double share) {
    return Math.round(share * 1000) / 10.0;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }
}
