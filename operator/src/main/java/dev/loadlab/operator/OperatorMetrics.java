package dev.loadlab.operator;

import dev.loadlab.api.loadtest.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator's own figures on {@code /q/metrics}: runs by outcome, reconcile errors, active runners, leadership. */
@ApplicationScoped
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, Integer> activeRunners = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("loadlab_operator_active_runners", active);
    registry.gauge("loadlab_operator_leader", leader);
  }

  /** 1 while this replica holds the leader Lease (and so drives the runs), 0 on a standby. */
  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  public void runStarted() {
    Counter.builder("loadlab_operator_runs_started").description("Runs started (pods created)").register(registry).increment();
  }

  public void runEnded(Phase phase, String reason) {
    Counter.builder("loadlab_operator_runs_finished").description("Runs ended, by phase and reason")
        .tag("phase", phase.name()).tag("reason", reason == null ? "" : reason).register(registry).increment();
  }

  public void reconcileError(String kind) {
    Counter.builder("loadlab_operator_reconcile_errors").description("Reconciliations that threw")
        .tag("kind", kind).register(registry).increment();
  }

  /** Runner pods of running tests, by LoadTest ({@code namespace/name}). */
  public void runners(String loadTest, int count) {
    if (count == 0) {
      activeRunners.remove(loadTest);
    } else {
      activeRunners.put(loadTest, count);
    }
    active.set(activeRunners.values().stream().mapToInt(Integer::intValue).sum());
  }
}
