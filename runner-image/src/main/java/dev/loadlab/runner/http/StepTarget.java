package dev.loadlab.runner.http;

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
 * the step names no resource, within the test's resource limit. Kept in the loop ({@link LoopContext#stepState}), shared
 * by its VUs.
 */
final class StepTarget {
  private final boolean constantUrl;
  /** The constant URL's destination; null when the URL is a template, or not an http(s) URL. */
  private final Destination destination;
  /** The step's resource when it does not depend on the URL rendered; else null. */
  private final ResourceKey key;
  private final ResourceStats figures;

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
  }

  /** Sets the exchange's resource for this request of {@code step}; returns its destination (null: not an http(s) URL). */
  static Destination resolve(CompiledStep.HttpCall step, VirtualUser vu, Exchange ex) {
    LoopContext ctx = vu.context();
    StepTarget t = ctx.stepState(step);
    if (t == null) {
      t = new StepTarget(step, vu);
      ctx.stepState(step, t);
    }
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
