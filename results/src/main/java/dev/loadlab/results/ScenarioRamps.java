package dev.loadlab.results;

import dev.loadlab.api.loadtest.Load;
import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Scenario;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.validation.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When the scenarios reach their full load, for thresholds with {@code ignoreScenarioRamp}: a ramping executor
 * reaches it at the end of the first stage whose target is its highest (its startTime included); any other executor
 * at its startTime. A threshold on one scenario ({@code labels.scenario}) leaves out that scenario's ramp; any other
 * leaves out the time until every scenario is at full load.
 */
public final class ScenarioRamps {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private ScenarioRamps() {
  }

  /**
   * The thresholds as they are judged: one with ignoreScenarioRamp becomes a copy whose ignoreFirst is the ramp (or
   * its own ignoreFirst, when longer); the others are the same objects.
   */
  public static List<Threshold> resolve(LoadTestSpec spec, List<Threshold> thresholds) {
    var out = new ArrayList<Threshold>();
    for (Threshold t : thresholds) {
      if (!Boolean.TRUE.equals(t.ignoreScenarioRamp)) {
        out.add(t);
        continue;
      }
      String scenario = t.labels == null ? null : t.labels.get("scenario");
      Duration ramp = rampEnd(spec, scenario);
      Duration own = t.ignoreFirst == null ? Duration.ZERO : Durations.parse(t.ignoreFirst);
      var copy = copy(t);
      copy.ignoreFirst = Durations.format(ramp.compareTo(own) > 0 ? ramp : own);
      out.add(copy);
    }
    return out;
  }

  /** When the named scenario (every scenario, when null) reaches its full load, from the start of the run. */
  public static Duration rampEnd(LoadTestSpec spec, String scenario) {
    Duration end = Duration.ZERO;
    for (Scenario s : spec.scenarios == null ? List.<Scenario>of() : spec.scenarios) {
      if (scenario == null || scenario.equals(s.name)) {
        Duration d = rampEnd(s.load);
        end = d.compareTo(end) > 0 ? d : end;
      }
    }
    return end;
  }

  static Duration rampEnd(Load load) {
    if (load == null) {
      return Duration.ZERO;
    }
    Duration start = load.startTime == null ? Duration.ZERO : Durations.parse(load.startTime);
    if (load.stages == null || load.stages.isEmpty()) {
      return start;
    }
    long peak = load.stages.stream().mapToLong(st -> st.target == null ? 0 : st.target).max().orElse(0);
    Long initial = load.startVUs != null ? Long.valueOf(load.startVUs) : load.startRate;
    if (initial != null && initial >= peak) {
      return start; // it starts at its highest: nothing ramps up
    }
    Duration at = start;
    for (Load.Stage st : load.stages) {
      at = at.plus(st.duration == null ? Duration.ZERO : Durations.parse(st.duration));
      if (st.target != null && st.target == peak) {
        break;
      }
    }
    return at;
  }

  private static Threshold copy(Threshold t) {
    return JSON.convertValue(t, Threshold.class);
  }
}
