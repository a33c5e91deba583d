package dev.loadlab.runner.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step's own rules say about a response before it is recorded: whether it failed ({@code failWhen}) and
 * the packets the step adds to its trace. An expression that cannot be evaluated counts as an expression error
 * (loadlab_expression_errors_total) and decides nothing: the request is not failed by it, the packet not added.
 */
public final class ResponseRules {
  /** A trace packet made from a {@link CompiledStep.TraceEntry}. */
  public record Packet(String type, Map<String, String> headers, String data, boolean force) {
  }

  private ResponseRules() {
  }

  public static boolean failed(CompiledStep.FailRule rule, VirtualUser vu, Object response, double elapsedMs) {
    Map<String, Object> activation = ExpressionEvaluator.activation(vu, "response", response, elapsedMs, Map.of());
    return Boolean.TRUE.equals(eval(rule.condition(), activation, vu, "failWhen", null, null));
  }

  public static List<Packet> packets(List<CompiledStep.TraceEntry> entries, VirtualUser vu, Object response, double elapsedMs) {
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<String, Object> activation = ExpressionEvaluator.activation(vu, "response", response, elapsedMs, Map.of());
    var out = new ArrayList<Packet>(entries.size());
    for (CompiledStep.TraceEntry e : entries) {
      if (e.when() != null && !Boolean.TRUE.equals(eval(e.when(), activation, vu, e.type(), "when", null))) {
        continue;
      }
      var headers = new LinkedHashMap<String, String>();
      e.headers().forEach((name, program) -> {
        Object v = eval(program, activation, vu, e.type(), "header", name);
        if (v != null) {
          headers.put(name, text(v));
        }
      });
      Object data = e.data() == null ? null : eval(e.data(), activation, vu, e.type(), "data", null);
      out.add(new Packet(e.type(), headers, data == null ? "" : text(data), e.force()));
    }
    return out;
  }

  private static String text(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /**
   * Evaluates; a failure is counted as "failWhen", or "trace TYPE PART [NAME]" for a trace entry's expression: a text
   * made only then, not per evaluation.
   */
  private static Object eval(CelRuntime.Program program, Map<String, Object> activation, VirtualUser vu, String type,
      String part, String name) {
    try {
      return program.eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      vu.context().metrics().expressionError(part == null ? type : "trace " + type + " " + part + (name == null ? "" : " " + name));
      return null;
    }
  }
}
