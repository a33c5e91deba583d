package dev.loadlab.runner.http;

import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ResponseRules;
import dev.loadlab.runner.engine.VirtualUser;
import dev.loadlab.runner.traces.Trace;
import dev.loadlab.runner.traces.TraceStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Whether a VU's exchange is traced, and the trace taken of it (kept across its redirect hops). An exchange is traced
 * when it is the first of its resource, status and minute on the loop and the shared store still wants one, or when
 * its step forces it ({@code trace: true}, a trace packet with {@code force}). The loop-local check comes first, so
 * the shared store is asked about once per resource, status and minute. Loop-confined.
 */
final class TraceSampler {
  private final VirtualUser vu;
  private final LoopContext ctx;
  private Trace trace;

  TraceSampler(VirtualUser vu) {
    this.vu = vu;
    this.ctx = vu.context();
  }

  boolean tracing() {
    return trace != null;
  }

  /** A response (status {@code status}, 0 for none) ended or is about to end the exchange: sample it. */
  void sample(Exchange ex, int status) {
    if (trace != null || !ctx.traces().enabled()) {
      return;
    }
    long now = System.currentTimeMillis();
    boolean forced = ex.call.forceTrace();
    if ((forced || ctx.metrics().firstOfMinute(ex.figures, status, now / 60_000)) && wanted(ex, status, now, forced)) {
      trace = new Trace(now, vu.scenario().name(), ex.key.resource(), vu.id(), vu.iteration());
    }
  }

  /** The step's trace packets with {@code force} trace the exchange even when it was not sampled (while maxTraces allows). */
  void force(Exchange ex, int status, List<ResponseRules.Packet> packets) {
    if (trace != null || !ctx.traces().enabled() || packets.stream().noneMatch(ResponseRules.Packet::force)) {
      return;
    }
    long now = System.currentTimeMillis();
    if (wanted(ex, status, now, true)) {
      trace = new Trace(now, vu.scenario().name(), ex.key.resource(), vu.id(), vu.iteration());
    }
  }

  private boolean wanted(Exchange ex, int status, long now, boolean forced) {
    return ctx.traces().wants(vu.scenario().name(), ex.key.resource(), status, now, forced);
  }

  /** Adds the hop that just ended: the request sent, and the response when one came. */
  void hop(Exchange ex, int status, ResponseHead response, byte[] responseBody, long end) {
    if (trace == null) {
      return;
    }
    int max = ctx.traces().maxBodyBytes();
    trace.method = ex.method.name();
    trace.url = ex.destination == null ? null : ex.destination.uri().toString();
    trace.status = status;
    trace.durationMs = ex.millisSinceStart(end);
    long now = System.currentTimeMillis();
    trace.add("request", now, ex.requestHeaders == null ? Map.of() : TraceStore.headers(RequestHeaders.asHeaders(ex.requestHeaders)), ex.body, max);
    if (response != null) {
      trace.add("response", now, TraceStore.headers(response.headers()), responseBody == null ? ""
          : new String(responseBody, 0, Math.min(responseBody.length, max + 1), StandardCharsets.UTF_8), max);
    }
  }

  /** The step's own trace packets (its {@code trace} entries that held). */
  void add(List<ResponseRules.Packet> packets) {
    if (trace == null) {
      return;
    }
    long now = System.currentTimeMillis();
    for (ResponseRules.Packet p : packets) {
      trace.add(p.type(), now, p.headers(), p.data(), ctx.traces().maxBodyBytes());
    }
  }

  /** The exchange ended ({@code error}: why it failed, or null): the trace, if one was taken, goes to the store. */
  void keep(String error) {
    if (trace != null) {
      trace.error = error;
      ctx.traces().keep(trace);
      trace = null;
    }
  }

  /** The exchange was abandoned (the VU stopped): nothing is kept. */
  void drop() {
    trace = null;
  }
}
