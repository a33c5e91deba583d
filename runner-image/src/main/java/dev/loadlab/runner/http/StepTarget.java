package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ResourceLabel;
import dev.loadlab.runner.engine.ResourceLimit;
import dev.loadlab.runner.engine.VirtualUser;

/**
 * Where an HTTP step's requests go and the resource they count under, worked out once per step and loop for what does
 * not depend on the VU: a constant URL is parsed once, a named (or constant-URL) resource's live figures are looked up
 * once. Only a templated URL is rendered and parsed per request, and labelled per request ({@link ResourceLabel}) when
 * the step names no resource, within the test's resource limit. A request with nothing in it that varies (URL, headers
 * and body constant) is even written once: its HTTP/1.1 bytes are kept and sent as they are. Kept in the loop
 * ({@link LoopContext#stepState}), shared by its VUs.
 */
final class StepTarget {
  private final boolean constantUrl;
  /** The constant URL's destination; null when the URL is a template, or not an http(s) URL. */
  private final Destination destination;
  /** The step's resource when it does not depend on the URL rendered; else null. */
  private final ResourceKey key;
  private final ResourceStats figures;
  /** The headers and HTTP/1.1 bytes of the step's request when nothing in it varies (its first hop); else null. */
  final CharSequence[] constantHeaders;
  private final ByteBuf constantRequest;

  private StepTarget(CompiledStep.HttpCall step, VirtualUser vu) {
    constantUrl = step.url().isConstant();
    destination = constantUrl ? Destination.parse(step.url().render(vu)) : null;
    if (step.resource() != null) {
      key = new ResourceKey(vu.scenario().name(), step.resource(), step.tags());
      figures = vu.context().metrics().resource(key);
    } else {
      key = null;
      figures = null;
    }
    if (destination != null && !step.http2() && (step.body() == null || step.body().isConstant())
        && step.headers().stream().allMatch(h -> h.value().isConstant())) {
      String body = step.body() == null ? null : step.body().render(vu);
      constantHeaders = RequestHeaders.of(step, vu, destination.hostHeader(), body == null ? -1 : ByteBufUtil.utf8Bytes(body));
      constantRequest = Unpooled.unreleasableBuffer(Http1Request.encode(UnpooledByteBufAllocator.DEFAULT, step.method(),
          destination.target(), constantHeaders, body)); // written only through duplicates, never into
    } else {
      constantHeaders = null;
      constantRequest = null;
    }
  }

  /**
   * Whether a hop to {@code d} sends the step's constant request: its first hop (a redirect's hop goes to a destination
   * parsed from the Location, never this one).
   */
  boolean sendsConstant(Destination d) {
    return constantRequest != null && d == destination;
  }

  /** A view of the constant request's bytes to write (the bytes themselves are never released). */
  ByteBuf constantRequest() {
    return constantRequest.duplicate();
  }

  /** Sets the exchange's resource for this request of {@code step}; returns its destination (null: not an http(s) URL). */
  static Destination resolve(CompiledStep.HttpCall step, VirtualUser vu, Exchange ex) {
    LoopContext ctx = vu.context();
    StepTarget t = ctx.stepState(step);
    if (t == null) {
      t = new StepTarget(step, vu);
      ctx.stepState(step, t);
    }
    ex.target = t;
    String url = t.constantUrl ? null : step.url().render(vu);
    if (t.key != null) {
      ex.key = t.key;
      ex.figures = t.figures;
    } else {
      String label = ResourceLabel.of(step.method().name(), url != null ? url : step.url().render(vu), step.labelWithHost());
      ex.key = new ResourceKey(vu.scenario().name(), ctx.resources().admit(label, step.path()) ? label : ResourceLimit.OVERFLOW,
          step.tags());
      ex.figures = ctx.metrics().resource(ex.key);
    }
    return t.constantUrl ? t.destination : Destination.parse(url);
  }
}
