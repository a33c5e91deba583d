package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;

/** The load models; the parameters each one takes mirror k6's executors of the same name. */
public enum Executor {
  CONSTANT_VUS("constant-vus", Set.of("vus", "duration"), Set.of("duration")),
  RAMPING_VUS("ramping-vus", Set.of("startVUs", "stages", "gracefulRampDown"), Set.of("stages")),
  PER_VU_ITERATIONS("per-vu-iterations", Set.of("vus", "iterations", "maxDuration"), Set.of("iterations")),
  SHARED_ITERATIONS("shared-iterations", Set.of("vus", "iterations", "maxDuration"), Set.of("iterations")),
  CONSTANT_ARRIVAL_RATE("constant-arrival-rate",
      Set.of("rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"), Set.of("rate", "duration")),
  RAMPING_ARRIVAL_RATE("ramping-arrival-rate",
      Set.of("startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"), Set.of("stages"));

  /** Parameters every executor takes. */
  public static final Set<String> COMMON = Set.of("executor", "startTime", "gracefulStop");

  private final String id;
  private final Set<String> parameters;
  private final Set<String> required;

  Executor(String id, Set<String> parameters, Set<String> required) {
    this.id = id;
    this.parameters = parameters;
    this.required = required;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Parameters this executor takes besides {@link #COMMON}. */
  public Set<String> parameters() {
    return parameters;
  }

  public Set<String> required() {
    return required;
  }

  /** Open model: iterations start at a rate, whatever the target's latency. */
  public boolean isArrivalRate() {
    return this == CONSTANT_ARRIVAL_RATE || this == RAMPING_ARRIVAL_RATE;
  }
}
