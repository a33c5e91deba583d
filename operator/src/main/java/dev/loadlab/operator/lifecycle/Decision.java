package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.runners.MergedResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a phase decided: the next status (changed in place on the copy it was given), the actions on the runners, the
 * phase changes, and the results of an ended run to keep as its record when it has none yet.
 */
public final class Decision {
  private final LoadTestStatus status;
  private final Instant now;
  private final List<RunAction> actions = new ArrayList<>();
  private final List<Transition> transitions = new ArrayList<>();
  private MergedResults record;

  public Decision(LoadTestStatus status, Instant now) {
    this.status = status;
    this.now = now;
  }

  public LoadTestStatus status() {
    return status;
  }

  public List<RunAction> actions() {
    return List.copyOf(actions);
  }

  public List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  /** The results to write as the run's record: those a final transition carries, else a re-collection's. */
  public MergedResults record() {
    return transitions.stream().map(Transition::results).filter(java.util.Objects::nonNull).findFirst().orElse(record);
  }

  Decision act(RunAction action) {
    if (!action.pods().isEmpty()) {
      actions.add(action);
    }
    return this;
  }

  void rerecord(MergedResults results) {
    this.record = results;
  }

  void move(Phase to, String reason, String message, boolean warning) {
    status.phase = to;
    status.reason = reason;
    status.message = message;
    transitions.add(new Transition(to, reason, message, warning));
  }

  void finish(Phase to, String reason, String message) {
    finish(to, reason, message, MergedResults.none());
  }

  /** Ends the run; {@code merged} is what was collected of it, for its record. */
  void finish(Phase to, String reason, String message, MergedResults merged) {
    status.endTime = now.toString();
    if (status.progress != null) {
      status.progress.vus = 0L;
    }
    status.phase = to;
    status.reason = reason;
    status.message = message;
    transitions.add(new Transition(to, reason, message, to != Phase.Succeeded, merged));
  }
}
