package dev.loadlab.runner.executors;

import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.VirtualUser;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * constant-arrival-rate and ramping-arrival-rate: iterations start on schedule whatever the target's
 * latency (an open model). A 1 ms ticker starts every due arrival of this runner's segment with an idle
 * VU, creating VUs up to maxVUs; when none is left the arrival is dropped and counted, never delayed. The
 * intended start travels with the iteration so that latency counts from it.
 */
final class ArrivalRateRun extends ScenarioRun {
  private static final long TICK = TimeUnit.MILLISECONDS.toNanos(1);
  /**
   * Idle VUs, the last one back first: an arrival gets a VU whose connection is open and warm, so a runner opens about as
   * many connections as iterations run at once, not one per pre-allocated VU (first in, first out took every idle VU
   * in turn: 200 connections opened in the first milliseconds of a run with preAllocatedVUs 200, which on one core
   * made the first arrivals late, which made more VUs, which opened more connections).
   */
  private final ConcurrentLinkedDeque<VirtualUser> idle = new ConcurrentLinkedDeque<>();
  private ArrivalSchedule schedule;
  private long next;
  private io.netty.util.concurrent.ScheduledFuture<?> ticker;

  ArrivalRateRun(ScenarioPlan plan, VuFactory factory) {
    super(plan, factory);
  }

  @Override
  protected void begin() {
    schedule = ArrivalSchedule.of(plan);
    next = plan.segment().firstArrival();
    for (int i = 0; i < plan.preAllocatedVUs(); i++) {
      idle.push(newVu());
    }
    tick();
    if (!stopping) {
      ticker = factory.controller().loop().scheduleAtFixedRate(this::tick, TICK, TICK, TimeUnit.NANOSECONDS);
    }
  }

  private void tick() {
    if (stopping) {
      return;
    }
    long elapsed = System.nanoTime() - startNanos;
    LoopContext controller = factory.controller();
    while (true) {
      long at = schedule.timeOf(next);
      if (at < 0) {
        if (ticker != null) {
          ticker.cancel(false);
        }
        endWithGrace(plan.gracefulStopNanos());
        return;
      }
      if (at > elapsed) {
        return;
      }
      next = plan.segment().nextArrival(next);
      VirtualUser vu = idle.pollFirst();
      if (vu == null && allocatedVUs() < plan.maxVUs()) {
        vu = newVu();
      }
      if (vu == null) {
        controller.metrics().dropped(plan.name());
      } else {
        launch(vu, startNanos + at, true);
      }
    }
  }

  @Override
  public void iterationEnded(VirtualUser vu, boolean completed) {
    idle.push(vu);
    if (running.decrementAndGet() == 0 && stopping) {
      factory.controller().loop().execute(this::checkDone);
    }
  }
}
