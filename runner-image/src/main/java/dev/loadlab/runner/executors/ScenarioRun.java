package dev.loadlab.runner.executors;

import dev.loadlab.runner.engine.IterationListener;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.VirtualUser;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One scenario running under its executor on this runner; {@link #done()} completes when its last VU stops. */
public abstract class ScenarioRun implements IterationListener {
  protected final ScenarioPlan plan;
  protected final VuFactory factory;
  protected final CompletableFuture<Void> done = new CompletableFuture<>();
  /** Every VU of this run; arrival-rate runs add VUs while running, so no copy-on-write list. */
  protected final java.util.Queue<VirtualUser> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final AtomicInteger createdCount = new AtomicInteger();
  protected final AtomicInteger running = new AtomicInteger();
  protected volatile long startNanos;
  protected volatile boolean stopping;
  /** Set by a hard stop: iterations handed to a loop but not begun yet are not begun. */
  private volatile boolean halted;

  protected ScenarioRun(ScenarioPlan plan, VuFactory factory) {
    this.plan = plan;
    this.factory = factory;
  }

  public static ScenarioRun of(ScenarioPlan plan, VuFactory factory) {
    return switch (plan.executor()) {
      case CONSTANT_ARRIVAL_RATE, RAMPING_ARRIVAL_RATE -> new ArrivalRateRun(plan, factory);
      case RAMPING_VUS -> new RampingVusRun(plan, factory);
      default -> new ClosedModelRun(plan, factory);
    };
  }

  /** Starts the scenario {@code plan.startTime} after the test's start instant (a nanoTime). */
  public final void start(long testStartNanos) {
    startNanos = testStartNanos + plan.startTimeNanos();
    long delay = startNanos - System.nanoTime();
    factory.controller().loop().schedule(this::begin, Math.max(0, delay), TimeUnit.NANOSECONDS);
  }

  protected abstract void begin();

  public CompletableFuture<Void> done() {
    return done;
  }

  public ScenarioPlan plan() {
    return plan;
  }

  /** VUs running an iteration now. */
  public int activeVUs() {
    return running.get();
  }

  /** VUs this run has created (max VUs in use). */
  public int allocatedVUs() {
    return createdCount.get();
  }

  /** Stops at once: iterations in progress are interrupted. */
  public void stop() {
    stopping = true;
    halted = true;
    for (VirtualUser vu : created) {
      vu.context().loop().execute(vu::interrupt);
    }
    factory.controller().loop().execute(this::checkDone);
  }

  /** Ends the scenario early: no new iteration starts; running ones get {@code graceNanos} to finish. */
  public void finish(long graceNanos) {
    factory.controller().loop().execute(() -> endWithGrace(graceNanos));
  }

  /** After the scenario's time is up: let running iterations finish for gracefulStop, then interrupt them. */
  protected void endWithGrace(long gracefulNanos) {
    stopping = true;
    checkDone();
    factory.controller().loop().schedule(this::stop, gracefulNanos, TimeUnit.NANOSECONDS);
  }

  protected void checkDone() {
    if (stopping && running.get() == 0 && !done.isDone()) {
      for (VirtualUser vu : created) {
        vu.context().loop().execute(vu::close);
      }
      done.complete(null);
    }
  }

  protected VirtualUser newVu() {
    VirtualUser vu = factory.create(plan);
    created.add(vu);
    createdCount.incrementAndGet();
    return vu;
  }

  /** Starts an iteration of this VU on its own loop. */
  protected void launch(VirtualUser vu, long intendedNanos, boolean fromIntended) {
    running.incrementAndGet();
    vu.context().loop().execute(() -> {
      if (halted) {
        iterationEnded(vu, false);
      } else {
        vu.startIteration(intendedNanos, fromIntended, this);
      }
    });
  }
}
