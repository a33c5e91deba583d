package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.runners.MergedResults;

/**
 * A phase change (an Event on the LoadTest); a final one carries what was collected of the run
 * ({@link MergedResults#none()} if nothing), for its record.
 */
public record Transition(Phase to, String reason, String message, boolean warning, MergedResults results) {
  public Transition(Phase to, String reason, String message, boolean warning) {
    this(to, reason, message, warning, null);
  }
}
