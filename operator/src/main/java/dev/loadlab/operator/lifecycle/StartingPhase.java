package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.Phase;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Starting: waits for every runner pod to be Ready, then asks every runner to start at one instant (now + 2 s, far
 * enough ahead that each has heard of it before it comes). The run is Running once every runner reports the start it
 * took, with the earliest of them as {@code status.startTime}: a start asked by a replica that died before writing so
 * is found in the runners, not asked twice. A pod that fails, or pods not Ready within the start deadline, fail the run.
 */
final class StartingPhase {
  static final Duration START_AHEAD = Duration.ofSeconds(2);
  private final Duration startDeadline;

  StartingPhase(Duration startDeadline) {
    this.startDeadline = startDeadline;
  }

  void decide(RunObservation o, Decision d) {
    var s = d.status();
    var pods = o.pods();
    long ready = o.ready();
    s.readyRunners = (int) ready;
    s.runners = ready + "/" + s.totalRunners;
    var failed = pods.stream().filter(p -> p.failure() != null).findFirst();
    if (failed.isPresent()) {
      d.act(new RunAction.Release(o.live()));
      d.finish(Phase.Failed, "RunnerFailed", "runner pod " + failed.get().name() + " " + failed.get().failure() + " before the start");
      return;
    }
    // this run's pods only: a kept pod of an earlier run must not make the deadline look passed
    boolean late = o.podsCreated() != null && o.now().isAfter(o.podsCreated().plus(startDeadline));
    if (pods.size() < s.totalRunners) {
      if (late) {
        d.act(new RunAction.Release(o.live()));
        d.finish(Phase.Failed, "RunnerLost", (s.totalRunners - pods.size()) + " runner pod(s) disappeared before the start");
      }
      return;
    }
    if (ready < s.totalRunners) {
      if (late) {
        String why = pods.stream().filter(p -> !p.ready())
            .map(p -> p.name() + ": " + (p.stuck() != null ? p.stuck() : "not ready")).collect(Collectors.joining("; "));
        d.act(new RunAction.Release(o.live()));
        d.finish(Phase.Failed, "RunnersNotReady", "runner pods not ready within " + RunFigures.seconds(startDeadline)
            + " (loadlab.start-deadline): " + why);
      } else {
        String stuck = pods.stream().filter(p -> p.stuck() != null).map(p -> p.name() + ": " + p.stuck()).findFirst().orElse(null);
        s.message = stuck != null ? stuck : "waiting for runner pods to be ready (" + s.runners + ")";
      }
      return;
    }
    var waiting = o.reports().stream().filter(r -> !r.startTaken()).map(RunnerReport::pod).toList();
    if (o.reports().size() == pods.size() && waiting.isEmpty()) {
      long at = o.reports().stream().mapToLong(r -> r.progress().startAt() != null ? r.progress().startAt()
          : o.now().toEpochMilli()).min().orElse(o.now().toEpochMilli());
      s.startTime = java.time.Instant.ofEpochMilli(at).toString();
      d.move(Phase.Running, "Running", "started " + s.totalRunners + " runner(s) at " + s.startTime, false);
      return;
    }
    long at = o.now().plus(START_AHEAD).toEpochMilli();
    var toStart = waiting.isEmpty() ? pods : waiting;
    d.act(new RunAction.Start(toStart, at));
    s.message = "starting " + toStart.size() + " runner(s) at " + java.time.Instant.ofEpochMilli(at);
  }
}
