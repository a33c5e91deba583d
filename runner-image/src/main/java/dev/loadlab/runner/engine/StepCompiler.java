package dev.loadlab.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.loadlab.api.loadtest.HttpStep;
import dev.loadlab.api.loadtest.MetricDefinition;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.loadtest.Step;
import dev.loadlab.api.loadtest.WebSocketStep;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.UserExpressions;
import dev.loadlab.api.validation.UserExpressions.Context;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps of a scenario compiled for the runner: HTTP, WebSocket and gRPC steps into {@link CompiledStep}s with
 * their templates parsed and CEL compiled, groups flattened into start/end markers. Problems are collected with their
 * field paths, not thrown, so a test gets every one at once.
 */
final class StepCompiler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_TIMEOUT = Duration.ofSeconds(60).toNanos();

  private StepCompiler() {
  }

  /** A scenario's steps; {@code http2}: the test's HTTP version is 2, for the steps that do not set their own. */
  static CompiledStep[] scenario(List<Step> steps, String path, String target, boolean http2, Map<String, String> env,
      Map<String, String> tags, List<FieldError> errors) {
    var hosts = new java.util.TreeSet<String>();
    hostsOf(steps, target, hosts);
    var out = new ArrayList<CompiledStep>();
    compileSteps(steps, path, target, http2, env, tags, hosts.size() > 1, out, errors);
    return out.toArray(CompiledStep[]::new);
  }

  /** Tags of an outer level, with those of an inner level added (the inner wins). */
  private static Map<String, String> merge(Map<String, String> outer, Map<String, String> inner) {
    if (inner == null || inner.isEmpty()) {
      return outer;
    }
    var m = new java.util.TreeMap<>(outer);
    m.putAll(inner);
    return Map.copyOf(m);
  }

  /** The hosts the HTTP steps talk to (host:port of absolute URLs, templates aside). */
  private static void hostsOf(List<Step> steps, String target, java.util.Set<String> hosts) {
    for (Step st : steps) {
      if (st.http != null) {
        String authority = ResourceLabel.authority(absolute(st.http.url, target));
        if (authority != null) {
          hosts.add(authority);
        }
      }
      if (st.group != null) {
        hostsOf(st.group.steps, target, hosts);
      }
    }
  }

  private static void compileSteps(List<Step> steps, String path, String target, boolean http2, Map<String, String> env,
      Map<String, String> tags, boolean multiHost, List<CompiledStep> out, List<FieldError> errors) {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String p = path + "[" + i + "]";
      try {
        if (step.http != null) {
          out.add(http(step.http, p + ".http", target, step.http.httpVersion == null ? http2 : "2".equals(step.http.httpVersion),
              env, merge(tags, step.http.tags), multiHost, errors));
        } else if (step.websocket != null) {
          out.add(webSocket(step.websocket, p + ".websocket", target, env, merge(tags, step.websocket.tags), errors));
        } else if (step.grpc != null) {
          out.add(grpc(step.grpc, p + ".grpc", env, merge(tags, step.grpc.tags), errors));
        } else if (step.sleep != null) {
          Duration[] range = Durations.parseRange(step.sleep);
          out.add(new CompiledStep.Pause(range[0].toNanos(), range[1].toNanos()));
        } else if (step.group != null) {
          out.add(new CompiledStep.GroupStart(step.group.name));
          compileSteps(step.group.steps, p + ".group.steps", target, http2, env, tags, multiHost, out, errors);
          out.add(new CompiledStep.GroupEnd(step.group.name));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(p, e.getMessage()));
      }
    }
  }

  private static CompiledStep http(HttpStep h, String path, String target, boolean http2, Map<String, String> env,
      Map<String, String> tags, boolean multiHost, List<FieldError> errors) {
    String url = absolute(h.url, target);
    if (h.query != null && !h.query.isEmpty()) {
      var q = new QueryStringEncoder("");
      h.query.forEach(q::addParam);
      url = url + (url.contains("?") ? "&" : "?") + q.toString().substring(1);
    }
    Template urlTemplate = template(url, path + ".url", env, errors);
    HttpMethod method = HttpMethod.valueOf(h.method == null ? "GET" : h.method.name());
    String resource = h.resource;
    if (resource == null && urlTemplate != null && urlTemplate.isConstant()) {
      // The host joins the label when the scenario talks to several hosts, so their series stay apart.
      resource = ResourceLabel.of(method.name(), url, multiHost);
    }
    Template body = null;
    String contentType = null;
    try {
      if (h.body != null) {
        body = template(h.body, path + ".body", env, errors);
      } else if (h.json != null) {
        try {
          body = Template.parseJson(JSON.writeValueAsString(h.json), env);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(path + ".json", e.getMessage()));
        }
        contentType = "application/json";
      } else if (h.form != null) {
        var q = new QueryStringEncoder("");
        h.form.forEach(q::addParam);
        body = template(q.toString().substring(1), path + ".form", env, errors);
        contentType = "application/x-www-form-urlencoded";
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      errors.add(new FieldError(path + ".json", e.getOriginalMessage()));
    }
    return new CompiledStep.HttpCall(method, urlTemplate, resource, headers(h.headers, path, env, errors), body,
        contentType, h.timeout == null ? DEFAULT_TIMEOUT : Durations.parse(h.timeout).toNanos(),
        h.maxRedirects == null ? 10 : h.maxRedirects,
        expressions(h.checks, h.extract, h.metrics, path, Context.HTTP, tags, errors), path,
        merge(tags, Map.of("method", method.name())), Boolean.TRUE.equals(h.forceTrace), multiHost,
        h.failWhen == null ? null : new CompiledStep.FailRule(
            program(h.failWhen.condition, path + ".failWhen.condition", Context.HTTP, errors),
            h.failWhen.status == null ? "failWhen" : h.failWhen.status),
        traceEntries(h.trace, path + ".trace", errors), stream(h.stream, path + ".stream", tags, errors), http2);
  }

  private static CompiledStep.Stream stream(dev.loadlab.api.loadtest.StreamSettings s, String path, Map<String, String> tags,
      List<FieldError> errors) {
    if (s == null) {
      return null;
    }
    return new CompiledStep.Stream(s.events != dev.loadlab.api.loadtest.StreamSettings.StreamFormat.LINES,
        program(s.until, path + ".until", Context.STREAM, errors),
        expressions(null, s.extract, s.metrics, path, Context.STREAM, tags, errors));
  }

  private static List<CompiledStep.TraceEntry> traceEntries(List<dev.loadlab.api.loadtest.TracePacket> entries, String path,
      List<FieldError> errors) {
    if (entries == null) {
      return List.of();
    }
    var out = new ArrayList<CompiledStep.TraceEntry>();
    for (int i = 0; i < entries.size(); i++) {
      var t = entries.get(i);
      String p = path + "[" + i + "]";
      var headers = new java.util.LinkedHashMap<String, CelRuntime.Program>();
      if (t.headers != null) {
        t.headers.forEach((k, v) -> headers.put(k, program(v, p + ".headers." + k, Context.HTTP, errors)));
      }
      out.add(new CompiledStep.TraceEntry(t.type, program(t.data, p + ".data", Context.HTTP, errors), headers,
          program(t.when, p + ".when", Context.HTTP, errors), Boolean.TRUE.equals(t.force)));
    }
    return List.copyOf(out);
  }

  private static CompiledStep webSocket(WebSocketStep w, String path, String target, Map<String, String> env,
      Map<String, String> tags, List<FieldError> errors) {
    String url = w.url.startsWith("/") && target != null
        ? target.replaceFirst("^http", "ws").replaceAll("/+$", "") + w.url : w.url;
    Template urlTemplate = template(url, path + ".url", env, errors);
    var send = new ArrayList<Template>();
    if (w.send != null) {
      for (int i = 0; i < w.send.size(); i++) {
        var m = w.send.get(i);
        send.add(template(m.text != null ? m.text : m.json.toString(), path + ".send[" + i + "]", env, errors));
      }
    }
    CelRuntime.Program until = w.receive == null ? null
        : program(w.receive.until, path + ".receive.until", Context.WEBSOCKET, errors);
    long timeout = w.receive == null || w.receive.timeout == null ? Duration.ofSeconds(10).toNanos()
        : Durations.parse(w.receive.timeout).toNanos();
    String resource = w.resource != null ? w.resource : ResourceLabel.of("WS", url, false);
    return new CompiledStep.WebSocketCall(urlTemplate, resource, headers(w.headers, path, env, errors), send, until,
        timeout, w.receive == null || w.receive.maxMessages == null ? Integer.MAX_VALUE : w.receive.maxMessages,
        expressions(w.checks, w.extract, w.metrics, path, Context.WEBSOCKET, tags, errors), tags);
  }

  private static CompiledStep grpc(dev.loadlab.api.loadtest.GrpcStep g, String path, Map<String, String> env,
      Map<String, String> tags, List<FieldError> errors) {
    Template target = template(g.target, path + ".target", env, errors);
    String rendered = target == null ? "grpc://invalid:0" : target.isConstant() ? target.render(null) : null;
    if (rendered == null) {
      errors.add(new FieldError(path + ".target", "only ${env.NAME} templates may name the server (its schema is read "
          + "before the load starts)"));
      rendered = "grpc://invalid:0";
    } else if (!rendered.matches("grpcs?://[^/\\s]+:[0-9]+")) {
      errors.add(new FieldError(path + ".target", "\"" + rendered + "\" must be grpc://HOST:PORT or grpcs://HOST:PORT"));
    }
    Template message = null;
    try {
      message = Template.parseJson(g.message == null ? "{}" : JSON.writeValueAsString(g.message), env);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(path + ".message", e.getMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      errors.add(new FieldError(path + ".message", e.getOriginalMessage()));
    }
    var metadata = new ArrayList<CompiledStep.Header>();
    if (g.metadata != null) {
      g.metadata.forEach((k, v) -> {
        if (k.toLowerCase(java.util.Locale.ROOT).endsWith("-bin") || !k.matches("[A-Za-z0-9_.-]+")) {
          errors.add(new FieldError(path + ".metadata." + k, "metadata keys are ASCII letters, digits, '-', '_' and '.' "
              + "(binary -bin keys are not supported)"));
        }
        metadata.add(new CompiledStep.Header(k.toLowerCase(java.util.Locale.ROOT), template(v, path + ".metadata." + k, env, errors)));
      });
    }
    var stream = g.stream == null ? null : new CompiledStep.GrpcStream(
        program(g.stream.until, path + ".stream.until", Context.GRPC_STREAM, errors),
        expressions(null, g.stream.extract, g.stream.metrics, path + ".stream", Context.GRPC_STREAM, tags, errors));
    String schema = g.schema == null || g.schema.configMapKeyRef == null ? null
        : g.schema.configMapKeyRef.name + "/" + g.schema.configMapKeyRef.key;
    return new CompiledStep.GrpcCall(rendered, rendered.startsWith("grpcs://"), g.method, schema, message,
        List.copyOf(metadata), g.timeout == null ? DEFAULT_TIMEOUT : Durations.parse(g.timeout).toNanos(),
        g.resource != null ? g.resource : g.method.substring(g.method.lastIndexOf('.', g.method.indexOf('/')) + 1), tags,
        expressions(g.checks, g.extract, g.metrics, path, Context.GRPC, tags, errors), stream, path);
  }

  private static List<CompiledStep.Header> headers(Map<String, String> headers, String path, Map<String, String> env,
      List<FieldError> errors) {
    if (headers == null) {
      return List.of();
    }
    var out = new ArrayList<CompiledStep.Header>();
    headers.forEach((k, v) -> out.add(new CompiledStep.Header(k, template(v, path + ".headers." + k, env, errors))));
    return out;
  }

  private static CompiledStep.Expressions expressions(List<dev.loadlab.api.loadtest.Check> checks,
      List<dev.loadlab.api.loadtest.Extract> extracts, List<MetricDefinition> metrics, String path, Context ctx,
      Map<String, String> tags, List<FieldError> errors) {
    var c = new ArrayList<CompiledStep.Check>();
    if (checks != null) {
      for (int i = 0; i < checks.size(); i++) {
        c.add(new CompiledStep.Check(checks.get(i).name, program(checks.get(i).expr, path + ".checks[" + i + "].expr", ctx, errors)));
      }
    }
    var x = new ArrayList<CompiledStep.Extract>();
    if (extracts != null) {
      for (int i = 0; i < extracts.size(); i++) {
        x.add(new CompiledStep.Extract(extracts.get(i).name, program(extracts.get(i).expr, path + ".extract[" + i + "].expr", ctx, errors)));
      }
    }
    var m = new ArrayList<CompiledStep.Metric>();
    if (metrics != null) {
      for (int i = 0; i < metrics.size(); i++) {
        MetricDefinition d = metrics.get(i);
        String mp = path + ".metrics[" + i + "]";
        String value = d.value != null ? d.value : d.type == MetricType.COUNTER ? "1.0" : null;
        String units = d.units != null ? d.units : d.type == MetricType.TIMING ? "ms" : "";
        m.add(new CompiledStep.Metric(d.name, d.type, units, d.perResource == null || d.perResource,
            program(value, mp + ".value", ctx, errors), program(d.key, mp + ".key", ctx, errors),
            program(d.when, mp + ".when", ctx, errors), merge(tags, d.tags)));
      }
    }
    return new CompiledStep.Expressions(List.copyOf(c), List.copyOf(x), List.copyOf(m));
  }

  private static CelRuntime.Program program(String expr, String path, Context ctx, List<FieldError> errors) {
    if (expr == null) {
      return null;
    }
    try {
      return UserExpressions.program(ctx, expr);
    } catch (CelValidationException | CelEvaluationException e) {
      errors.add(new FieldError(path, "CEL expression does not compile: " + e.getMessage()));
      return null;
    }
  }

  private static Template template(String text, String path, Map<String, String> env, List<FieldError> errors) {
    try {
      return Template.parse(text, env);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(path, e.getMessage()));
      return null;
    }
  }

  private static String absolute(String url, String target) {
    return url.startsWith("/") && target != null ? target.replaceAll("/+$", "") + url : url;
  }
}
