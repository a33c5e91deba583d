package dev.loadlab.runner.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.Stats;
import java.util.HashMap;
import java.util.Map;

/** Runs a step's checks, extractions and custom metrics over what the step received. */
public final class ExpressionEvaluator {
  private ExpressionEvaluator() {
  }

  /**
   * @param subject the variable the step exposes: {@code response} (HTTP) or {@code message} (WebSocket)
   * @param extra further variables of the step (e.g. {@code received} for WebSocket)
   */
  public static void evaluate(CompiledStep.Expressions ex, VirtualUser vu, String resource, String subjectName,
      Object subject, double elapsedMs, Map<String, Object> extra) {
    if (ex.isEmpty()) {
      return;
    }
    Map<String, Object> activation = activation(vu, subjectName, subject, elapsedMs, extra);
    LoopMetrics m = vu.context().metrics();
    for (CompiledStep.Check c : ex.checks()) {
      Object r = eval(c.program(), activation, m, "check", c.name(), null);
      m.check(c.name(), Boolean.TRUE.equals(r));
    }
    for (CompiledStep.Extract x : ex.extracts()) {
      Object r = eval(x.program(), activation, m, "extract", x.name(), null);
      if (r != null) {
        vu.vars().put(x.name(), r);
      }
    }
    for (CompiledStep.Metric metric : ex.metrics()) {
      if (metric.when() != null && !Boolean.TRUE.equals(eval(metric.when(), activation, m, "metric", metric.name(), "when"))) {
        continue;
      }
      var key = new Stats.CustomKey(metric.name(), metric.perResource() ? resource : "", metric.tags());
      if (metric.type() == MetricType.HISTOGRAM) {
        Object k = eval(metric.key(), activation, m, "metric", metric.name(), "key");
        if (k != null) {
          m.customKey(key, metric.units(), String.valueOf(k));
        }
        continue;
      }
      Object v = eval(metric.value(), activation, m, "metric", metric.name(), "value");
      Double number = toNumber(v);
      if (number != null) {
        m.custom(key, metric.type(), metric.units(), number);
      } else if (v != null) {
        m.expressionError("metric " + metric.name() + " value is not a number");
      }
    }
  }

  public static Map<String, Object> activation(VirtualUser vu, String subjectName, Object subject, double elapsedMs,
      Map<String, Object> extra) {
    var a = new HashMap<String, Object>(16);
    a.put(subjectName, subject);
    a.put("vars", vu.vars());
    a.put("env", vu.plan().env());
    a.put("vu", (long) vu.id());
    a.put("iteration", vu.iteration());
    a.put("scenario", vu.scenario().name());
    a.put("elapsedMs", elapsedMs);
    a.putAll(extra);
    return a;
  }

  /** Evaluates; a failure is counted under "KIND NAME [PART]", a text made only then (not per evaluation). */
  private static Object eval(CelRuntime.Program program, Map<String, Object> activation, LoopMetrics m, String kind,
      String name, String part) {
    if (program == null) {
      return null;
    }
    try {
      return program.eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      m.expressionError(kind + " " + name + (part == null ? "" : " " + part));
      return null;
    }
  }

  private static Double toNumber(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long l) {
      return l.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof com.google.common.primitives.UnsignedLong u) {
      return u.doubleValue();
    }
    return null;
  }
}
