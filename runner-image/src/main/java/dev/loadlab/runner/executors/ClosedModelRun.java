package dev.loadlab.runner.executors;

import dev.loadlab.api.loadtest.Executor;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.VirtualUser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * constant-vus, per-vu-iterations and shared-iterations: a fixed set of VUs, each starting its next
 * iteration as soon as the last one ends, until its time or its iterations are used up.
 */
final class ClosedModelRun extends ScenarioRun {
  private final AtomicLong sharedLeft = new AtomicLong();
  private long endNanos;

  ClosedModelRun(ScenarioPlan plan, VuFactory factory) {
    super(plan, factory);
  }

  @Override
  protected void begin() {
    long now = System.nanoTime();
    boolean timed = plan.executor() == Executor.CONSTANT_VUS;
    endNanos = startNanos + (timed ? plan.durationNanos() : plan.maxDurationNanos());
    sharedLeft.set(plan.iterations());
    int vus = plan.vus();
    // Held while VUs are being launched: a first VU that uses its iterations up before the last is
    // launched must not find the count at 0 and end the scenario.
    running.incrementAndGet();
    for (int i = 0; i < vus; i++) {
      VirtualUser vu = newVu();
      if (mayStart(vu, now)) {
        launch(vu, now, false);
      }
    }
    long untilEnd = endNanos - now;
    factory.controller().loop().schedule(() -> endWithGrace(plan.gracefulStopNanos()), Math.max(0, untilEnd),
        TimeUnit.NANOSECONDS);
    lastOneOut();
  }

  /** A VU (or the launch token) is done: the scenario is over when none is left. */
  private void lastOneOut() {
    if (running.decrementAndGet() == 0) {
      if (plan.executor() != Executor.CONSTANT_VUS) {
        stopping = true; // every VU used its iterations up: the scenario is over before maxDuration
      }
      factory.controller().loop().execute(this::checkDone);
    }
  }

  private boolean mayStart(VirtualUser vu, long now) {
    if (stopping || now >= endNanos) {
      return false;
    }
    return switch (plan.executor()) {
      case PER_VU_ITERATIONS -> vu.iteration() + 1 < plan.iterations();
      case SHARED_ITERATIONS -> sharedLeft.getAndDecrement() > 0;
      default -> true;
    };
  }

  @Override
  public void iterationEnded(VirtualUser vu, boolean completed) {
    long now = System.nanoTime();
    if (completed && mayStart(vu, now)) {
      vu.startIteration(now, false, this);
      return;
    }
    lastOneOut();
  }
}
