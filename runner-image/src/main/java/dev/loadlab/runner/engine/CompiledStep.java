package dev.loadlab.runner.engine;

import dev.cel.runtime.CelRuntime;
import dev.loadlab.api.loadtest.MetricType;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/** A step ready to run: templates parsed, expressions compiled, groups flattened into start/end markers. */
public sealed interface CompiledStep {

  record Pause(long minNanos, long maxNanos) implements CompiledStep {
  }

  record GroupStart(String name) implements CompiledStep {
  }

  record GroupEnd(String name) implements CompiledStep {
  }

  record Header(String name, Template value) {
  }

  record Check(String name, CelRuntime.Program program) {
  }

  record Extract(String name, CelRuntime.Program program) {
  }

  /** {@code tags}: the scenario's, the step's and the metric's own. */
  record Metric(String name, MetricType type, String units, boolean perResource, CelRuntime.Program value,
      CelRuntime.Program key, CelRuntime.Program when, Map<String, String> tags) {
  }

  /** Checks, extracted variables and custom metrics of a step, evaluated over what it received. */
  record Expressions(List<Check> checks, List<Extract> extracts, List<Metric> metrics) {
    public boolean isEmpty() {
      return checks.isEmpty() && extracts.isEmpty() && metrics.isEmpty();
    }
  }

  /** failWhen: a response that says it failed, whatever its status; {@code status} is its trace's error text. */
  record FailRule(CelRuntime.Program condition, String status) {
  }

  /** A packet of the step's own for the request's trace; {@code force} keeps the trace whenever it is added. */
  record TraceEntry(String type, CelRuntime.Program data, Map<String, CelRuntime.Program> headers,
      CelRuntime.Program when, boolean force) {
  }

  /**
   * An HTTP request. {@code resource} is the label given by the user or derived from a constant URL;
   * null when it must be derived from each rendered URL.
   */
  record HttpCall(HttpMethod method, Template url, String resource, List<Header> headers, Template body,
      String contentType, long timeoutNanos, int maxRedirects, Expressions expressions, String path,
      Map<String, String> tags, boolean forceTrace, boolean labelWithHost, FailRule failWhen,
      List<TraceEntry> traceEntries, Stream stream, boolean http2) implements CompiledStep {
    /** Whether the response must be read by an expression (checks, extract, metrics, failWhen, trace packets). */
    public boolean readsResponse() {
      return !expressions.isEmpty() || failWhen != null || !traceEntries.isEmpty();
    }
  }

  /**
   * A response read as a stream of events ({@code sse}: server-sent events, else lines): {@code until} ends it early,
   * {@code expressions} (extract, metrics) run on each event.
   */
  record Stream(boolean sse, CelRuntime.Program until, Expressions expressions) {
  }

  /**
   * A gRPC call. {@code target} is grpc[s]://host:port with env templates expanded; {@code method} the full name
   * (package.Service/Method), resolved to a schema before the run ({@code schema}: a ConfigMap's name/key, or null for
   * server reflection); {@code message} the request as JSON text; {@code path} the step's field path, for errors.
   */
  record GrpcCall(String target, boolean tls, String method, String schema, Template message, List<Header> metadata,
      long timeoutNanos, String resource, Map<String, String> tags, Expressions expressions, GrpcStream stream,
      String path) implements CompiledStep {
    /** Whether the reply must be turned into CEL values (checks, extract, metrics). */
    public boolean readsResponse() {
      return !expressions.isEmpty();
    }
  }

  /** Per-message rules of a server-streaming gRPC call: an early end ({@code until}) and extract/metrics per message. */
  record GrpcStream(CelRuntime.Program until, Expressions expressions) {
  }

  /** A WebSocket exchange: connect, send, receive until the condition holds or the timeout, close. */
  record WebSocketCall(Template url, String resource, List<Header> headers, List<Template> send,
      CelRuntime.Program until, long timeoutNanos, int maxMessages, Expressions expressions,
      Map<String, String> tags) implements CompiledStep {
  }
}
