package dev.loadlab.runner.executors;

import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.VirtualUser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * ramping-vus: the number of VUs follows the stages (linear between targets). A 10 ms controller starts
 * VUs up to the current target; VUs above it finish their iteration and pause, or are interrupted once
 * gracefulRampDown has passed.
 */
final class RampingVusRun extends ScenarioRun {
  private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private VirtualUser[] vus;
  /** Index of each VU in {@code vus}; written before the first launch, read-only after. */
  private final java.util.Map<VirtualUser, Integer> index = new java.util.IdentityHashMap<>();
  private AtomicIntegerArray state;
  private long[] overSince;
  private volatile int target;
  private long endNanos;
  private io.netty.util.concurrent.ScheduledFuture<?> ticker;

  RampingVusRun(ScenarioPlan plan, VuFactory factory) {
    super(plan, factory);
  }

  @Override
  protected void begin() {
    int max = plan.segment().share(maxTarget());
    vus = new VirtualUser[max];
    state = new AtomicIntegerArray(max);
    overSince = new long[max];
    for (int i = 0; i < max; i++) {
      vus[i] = newVu();
      index.put(vus[i], i);
    }
    endNanos = startNanos + plan.stages().stream().mapToLong(ScenarioPlan.Stage::durationNanos).sum();
    tick();
    ticker = factory.controller().loop().scheduleAtFixedRate(this::tick, TICK, TICK, TimeUnit.NANOSECONDS);
  }

  private int maxTarget() {
    double m = plan.startVUs();
    for (ScenarioPlan.Stage s : plan.stages()) {
      m = Math.max(m, s.target());
    }
    return (int) m;
  }

  /** Whole-test VU target at an instant, linear within a stage; this runner's share of it. */
  static long targetAt(ScenarioPlan plan, long elapsed) {
    double from = plan.startVUs();
    long t = 0;
    for (ScenarioPlan.Stage s : plan.stages()) {
      if (elapsed < t + s.durationNanos()) {
        double f = s.durationNanos() == 0 ? 1 : (double) (elapsed - t) / s.durationNanos();
        return plan.segment().share((long) Math.floor(from + (s.target() - from) * f));
      }
      t += s.durationNanos();
      from = s.target();
    }
    return plan.segment().share((long) Math.floor(from));
  }

  private void tick() {
    if (stopping) {
      if (ticker != null) {
        ticker.cancel(false);
      }
      return;
    }
    long now = System.nanoTime();
    if (now >= endNanos) {
      ticker.cancel(false);
      target = 0;
      endWithGrace(plan.gracefulStopNanos());
      return;
    }
    target = (int) Math.min(vus.length, targetAt(plan, now - startNanos));
    for (int i = 0; i < vus.length; i++) {
      if (i < target) {
        overSince[i] = 0;
        if (state.compareAndSet(i, IDLE, BUSY)) {
          launch(vus[i], now, false);
        }
      } else if (state.get(i) == BUSY) {
        if (overSince[i] == 0) {
          overSince[i] = now;
        } else if (now - overSince[i] > plan.gracefulRampDownNanos()) {
          VirtualUser vu = vus[i];
          vu.context().loop().execute(vu::interrupt);
          overSince[i] = now;
        }
      }
    }
  }

  @Override
  public void iterationEnded(VirtualUser vu, boolean completed) {
    int i = index.get(vu);
    long now = System.nanoTime();
    if (completed && !stopping && now < endNanos && i < target) {
      vu.startIteration(now, false, this);
      return;
    }
    state.set(i, IDLE);
    if (running.decrementAndGet() == 0) {
      factory.controller().loop().execute(this::checkDone);
    }
  }
}
