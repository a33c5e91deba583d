package dev.loadlab.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.common.Condition;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import org.junit.jupiter.api.Test;

/** What kstatus, Flux and Argo CD read from each phase. */
class ConditionsTest {
  private static String status(LoadTestStatus s, String type) {
    return s.conditions.stream().filter(c -> c.type.equals(type)).map(c -> c.status).findFirst().orElseThrow();
  }

  @Test
  void aRunningTestIsReconcilingAndASucceededOneReady() {
    var s = new LoadTestStatus();
    s.phase = Phase.Running;
    s.reason = "Running";
    Conditions.set(s, 3, "2026-11-22T10:00:00Z");
    assertThat(status(s, "Reconciling")).isEqualTo("True");
    assertThat(status(s, "Ready")).isEqualTo("False");
    assertThat(status(s, "Stalled")).isEqualTo("False");
    assertThat(s.conditions).allSatisfy(c -> assertThat(c.observedGeneration).isEqualTo(3));

    s.phase = Phase.Succeeded;
    s.reason = "Completed";
    Conditions.set(s, 3, "2026-11-22T10:01:00Z");
    assertThat(status(s, "Ready")).isEqualTo("True");
    assertThat(status(s, "Reconciling")).isEqualTo("False");
    assertThat(status(s, "Completed")).isEqualTo("True");
    assertThat(status(s, "Stalled")).isEqualTo("False");
  }

  @Test
  void failuresStallAndTransitionTimesMoveOnlyOnFlips() {
    var s = new LoadTestStatus();
    s.phase = Phase.Running;
    Conditions.set(s, 1, "t1");
    s.phase = Phase.Aborted;
    s.reason = "ThresholdAborted";
    Conditions.set(s, 1, "t2");
    Condition stalled = s.conditions.stream().filter(c -> c.type.equals("Stalled")).findFirst().orElseThrow();
    assertThat(stalled.status).isEqualTo("True");
    assertThat(stalled.reason).isEqualTo("ThresholdAborted");
    assertThat(stalled.lastTransitionTime).isEqualTo("t2");
    Condition valid = s.conditions.stream().filter(c -> c.type.equals("Valid")).findFirst().orElseThrow();
    assertThat(valid.lastTransitionTime).as("Valid stayed True").isEqualTo("t1");
    s.phase = Phase.Invalid;
    Conditions.set(s, 2, "t3");
    assertThat(status(s, "Valid")).isEqualTo("False");
    assertThat(status(s, "Completed")).as("an invalid test never ran").isEqualTo("False");
  }

  @Test
  void anInconclusiveRunIsCompletedButNeitherReadyNorReconciling() {
    var s = new LoadTestStatus();
    s.phase = Phase.Inconclusive;
    s.reason = "RunnerSaturated";
    s.message = "run 1 is inconclusive: 1 of 1 runner(s) saturated";
    Conditions.set(s, 1, "t1");
    assertThat(status(s, "Completed")).as("the run ended").isEqualTo("True");
    assertThat(status(s, "Ready")).as("a gate must not pass on figures nobody can trust").isEqualTo("False");
    assertThat(status(s, "Stalled")).isEqualTo("True");
    assertThat(status(s, "Reconciling")).isEqualTo("False");
    assertThat(s.conditions).filteredOn(c -> c.type.equals("Ready")).first()
        .satisfies(c -> assertThat(c.reason).isEqualTo("RunnerSaturated"));
  }
}
