package dev.loadlab.runner.grpc;

import com.google.protobuf.DynamicMessage;
import dev.cel.runtime.CelRuntime;
import dev.loadlab.runner.engine.ExpressionEvaluator;
import dev.loadlab.runner.engine.VirtualUser;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;

/** What a gRPC step's expressions see of its call: {@code response} (status, code, message, ...) and metadata. */
final class GrpcResponses {
  private GrpcResponses() {
  }

  /**
   * {@code response}: status (the code's name, e.g. OK or NOT_FOUND), code (0..16), statusMessage, message (the reply,
   * the last one of a stream; empty when none came), messages (how many), headers and trailers.
   */
  static Map<String, Object> response(Status status, Metadata headers, Metadata trailers, DynamicMessage reply, long messages) {
    var r = new HashMap<String, Object>(8);
    r.put("status", status.getCode().name());
    r.put("code", (double) status.getCode().value());
    r.put("statusMessage", status.getDescription() == null ? "" : status.getDescription());
    r.put("message", reply == null ? Map.of() : GrpcMessages.toCel(reply));
    r.put("messages", (double) messages);
    r.put("headers", metadata(headers));
    r.put("trailers", metadata(trailers));
    return r;
  }

  /** The text entries of metadata, by lower-case key (binary -bin entries left out). */
  static Map<String, String> metadata(Metadata m) {
    if (m == null) {
      return Map.of();
    }
    var out = new HashMap<String, String>();
    for (String k : m.keys()) {
      if (!k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        String v = m.get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER));
        if (v != null) {
          out.put(k, v);
        }
      }
    }
    return out;
  }

  /** A stream's {@code until} over one message; an expression that fails counts as an expression error, not as true. */
  static boolean holds(CelRuntime.Program until, VirtualUser vu, Map<String, Object> message, double elapsedMs,
      Map<String, Object> extra) {
    try {
      return Boolean.TRUE.equals(until.eval(ExpressionEvaluator.activation(vu, "message", message, elapsedMs, extra)));
    } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
      vu.context().metrics().expressionError("grpc stream until");
      return false;
    }
  }

  /** Codes grpc-java gives a call the server never answered: no connection, the deadline, a cancel. */
  static boolean local(Status.Code code) {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED;
  }
}
