package dev.loadlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.api.validation.ThresholdCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Thresholds judged over the run's intervals rather than its totals: with {@code ignoreFirst}, the intervals that
 * start before that time are left out; with {@code window}, each run of window/interval consecutive intervals is
 * judged on its own, and the threshold passes when at least {@code objective} of the windows with samples meet the
 * condition (Gatling Enterprise's "met in 99 % of seconds"). The intervals are decoded one at a time.
 */
final class WindowedThresholds {
  private WindowedThresholds() {
  }

  static boolean applies(Threshold t) {
    return t.window != null || t.ignoreFirst != null || Boolean.TRUE.equals(t.ignoreScenarioRamp);
  }

  /**
   * @param intervals the run's encoded intervals, merged over the runners
   * @param intervalSeconds the length of one interval (spec.metrics.interval)
   */
  static void evaluate(Threshold t, ThresholdCondition c, ThresholdResult r, JsonNode intervals, double intervalSeconds) {
    Map<String, String> labels = t.labels == null ? Map.of() : t.labels;
    var judgedBy = new ArrayList<String>();
    if (t.window != null) {
      judgedBy.add("window " + t.window + ", objective " + (t.objective == null ? "100%" : t.objective));
    }
    if (Boolean.TRUE.equals(t.ignoreScenarioRamp)) {
      judgedBy.add("ignoreScenarioRamp (first " + t.ignoreFirst + ")");
    } else if (t.ignoreFirst != null) {
      judgedBy.add("ignoreFirst " + t.ignoreFirst);
    }
    r.judgedBy = String.join(", ", judgedBy);
    double skip = t.ignoreFirst == null ? 0 : Durations.parse(t.ignoreFirst).toMillis() / 1000.0;
    int per = t.window == null ? Integer.MAX_VALUE
        : (int) Math.max(1, Math.round(Durations.parse(t.window).toMillis() / 1000.0 / intervalSeconds));
    var windows = new ArrayList<Window>();
    Window current = null;
    for (JsonNode node : intervals) {
      Interval i = ResultsCodec.decodeInterval(node);
      if (i.startSeconds() + 1e-6 < skip) {
        continue;
      }
      if (current == null || current.count == per) {
        current = new Window(i.startSeconds());
        windows.add(current);
      }
      current.stats.addLean(i.stats());
      current.end = i.endSeconds();
      current.count++;
    }
    if (t.window == null) {
      // ignoreFirst only: the run after the warm-up, as one
      Window all = windows.isEmpty() ? new Window(skip) : windows.get(0);
      r.value = ThresholdEvaluator.value(t.metric, c, labels, all.stats, all.end - all.start);
      r.passed = r.value != null && !r.value.isNaN() && c.operator().test(r.value, c.limit(Double.NaN));
      return;
    }
    int judged = 0;
    int met = 0;
    Window worst = null;
    Double worstValue = null;
    // the worst window is the one furthest on the failing side: the highest value when a lower one passes
    boolean higherIsWorse = c.operator().test(c.limit(Double.NaN) - 1, c.limit(Double.NaN));
    for (Window w : windows) {
      Double v = ThresholdEvaluator.value(t.metric, c, labels, w.stats, w.end - w.start);
      if (v == null || v.isNaN()) {
        continue;
      }
      judged++;
      if (c.operator().test(v, c.limit(Double.NaN))) {
        met++;
      }
      if (worstValue == null || (higherIsWorse ? v > worstValue : v < worstValue)) {
        worst = w;
        worstValue = v;
      }
    }
    double objective = t.objective == null ? 100 : Double.parseDouble(t.objective.substring(0, t.objective.length() - 1));
    r.windows = judged;
    r.windowsMet = met;
    r.objectiveMet = judged == 0 ? null : Math.round(1000.0 * met / judged) / 10.0;
    r.value = worstValue;
    r.worstWindow = worst == null ? null : seconds(worst.start) + "-" + seconds(worst.end) + ": " + round(worstValue);
    // No window with samples: nothing shows the objective is met, so it is not.
    r.passed = judged > 0 && 100.0 * met / judged >= objective - 1e-9;
  }

  private static String seconds(double s) {
    double r = Math.round(s * 10) / 10.0;
    return (r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r)) + "s";
  }

  private static String round(double v) {
    return Double.toString(Math.round(v * 1000) / 1000.0);
  }

  private static final class Window {
    final double start;
    double end;
    int count;
    final Stats stats = new Stats();

    Window(double start) {
      this.start = start;
      this.end = start;
    }
  }
}
