package dev.loadlab.runner.engine;

import dev.loadlab.api.loadtest.Executor;
import java.util.List;

/**
 * One scenario as this runner runs it: the executor with its parameters already cut to this runner's
 * share ({@link Segment}), times in nanoseconds, and the compiled steps.
 */
public record ScenarioPlan(
    String name,
    Executor executor,
    CompiledStep[] steps,
    long startTimeNanos,
    long durationNanos,
    long gracefulStopNanos,
    long gracefulRampDownNanos,
    long maxDurationNanos,
    int vus,
    long iterations,
    int startVUs,
    List<Stage> stages,
    long timeUnitNanos,
    double rate,
    double startRate,
    int preAllocatedVUs,
    int maxVUs,
    Segment segment) {

  /** A stage: reach {@code target} (VUs, or iterations per timeUnit) over {@code durationNanos}. */
  public record Stage(long durationNanos, double target) {
  }

  /** Longest time the scenario can run, counted from the test's start, without graceful stops. */
  public long plannedEndNanos() {
    long length = switch (executor) {
      case CONSTANT_VUS, CONSTANT_ARRIVAL_RATE -> durationNanos;
      case RAMPING_VUS, RAMPING_ARRIVAL_RATE -> stages.stream().mapToLong(Stage::durationNanos).sum();
      case PER_VU_ITERATIONS, SHARED_ITERATIONS -> maxDurationNanos;
    };
    return startTimeNanos + length;
  }
}
