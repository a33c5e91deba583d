/**
 * A LoadTest's run, one reconciliation at a time, in three separate moves (docs/operator.md, "Lifecycle"):
 * <ol>
 *   <li><b>observe</b> ({@link dev.loadlab.operator.lifecycle.RunObserver}): the run's pods and what its runners say,
 *   read through the typed control-API contract ({@link dev.loadlab.results.control.RunnerProgress}, the results
 *   format) into a {@link dev.loadlab.operator.lifecycle.RunObservation}; the only I/O besides acting;</li>
 *   <li><b>decide</b>: one class per phase ({@link dev.loadlab.operator.lifecycle.PendingPhase},
 *   {@link dev.loadlab.operator.lifecycle.StartingPhase}, {@link dev.loadlab.operator.lifecycle.RunningPhase},
 *   {@link dev.loadlab.operator.lifecycle.StoppingPhase}, {@link dev.loadlab.operator.lifecycle.EndedPhase}, and
 *   {@link dev.loadlab.operator.lifecycle.NewRun}) turns the status and the observation into the next status and the
 *   {@link dev.loadlab.operator.lifecycle.RunAction}s, without I/O, so each is tested from plain values;</li>
 *   <li><b>act</b> ({@link dev.loadlab.operator.lifecycle.RunActor}): start, stop or release runners.</li>
 * </ol>
 * Everything a run needs to go on is in the status and the runners, so a restarted operator or the replica that takes
 * over the leadership picks a run up where it was. The only memory ({@link dev.loadlab.operator.lifecycle.RunTimers}:
 * who has been silent since when, since when a run is stopping) is keyed by the LoadTest's namespace, name and run;
 * losing it only delays a verdict. One reconciliation of a LoadTest runs at a time (the SDK's guarantee), several
 * LoadTests' at once: the timers are the only shared state and are concurrent.
 */
package dev.loadlab.operator.lifecycle;
