package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.Phase;

/** Pending: the workflow creates the ConfigMap, Service and runner pods; the run waits until every pod exists. */
final class PendingPhase {
  void decide(RunObservation o, Decision d) {
    var s = d.status();
    if (o.pods().size() >= s.totalRunners) {
      d.move(Phase.Starting, "WaitingForRunners", "waiting for " + s.totalRunners + " runner pod(s) to be ready", false);
    }
  }
}
