package dev.loadlab.operator.lifecycle;

import java.util.List;

/** What a phase asks to be done to its runners; {@link RunActor} does it. */
public sealed interface RunAction {
  List<RunnerPodState> pods();

  /** {@code POST /start?at=}: every runner starts at this wall-clock instant. */
  record Start(List<RunnerPodState> pods, long atEpochMillis) implements RunAction {
  }

  /** {@code POST /stop}: the runs end now; the runners keep serving their results. */
  record Stop(List<RunnerPodState> pods) implements RunAction {
  }

  /** {@code POST /release}: the results are in, the runners may leave. */
  record Release(List<RunnerPodState> pods) implements RunAction {
  }
}
