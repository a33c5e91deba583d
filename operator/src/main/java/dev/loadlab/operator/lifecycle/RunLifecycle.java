package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.loadtest.Labels;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.operator.runners.RunnerControl;
import dev.loadlab.results.Baselines;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One step of a LoadTest's life, from what the API server and the runners say now to the next status:
 * Pending → Starting → Running → Stopping → Succeeded | Failed | Aborted | Inconclusive (or Invalid). Observes
 * ({@link RunObserver}), lets the phase decide, then acts ({@link RunActor}); see the package's description.
 */
public final class RunLifecycle {
  /**
   * The next status, when to look again, what happened (for Events and metrics), and the results of a run to keep
   * as its record when it has none yet ({@code record}; null when there is nothing to write).
   */
  public record Step(LoadTestStatus status, Duration recheck, List<Transition> transitions, MergedResults record) {
  }

  private final OperatorSettings settings;
  private final Clock clock;
  private final RunTimers timers = new RunTimers();
  private final RunObserver observer;
  private final RunActor actor;
  private final NewRun newRun;
  private final PendingPhase pending = new PendingPhase();
  private final StartingPhase starting;
  private final RunningPhase running;
  private final StoppingPhase stopping;
  private final EndedPhase ended;

  public RunLifecycle(RunnerControl runners, OperatorSettings settings, Clock clock) {
    this(runners, settings, clock, (lt, s) -> Baselines.NONE);
  }

  /** @param baselines the earlier runs a LoadTest's baseline thresholds compare with (its stored run records) */
  public RunLifecycle(RunnerControl runners, OperatorSettings settings, Clock clock,
      BiFunction<LoadTest, LoadTestStatus, Baselines> baselines) {
    this.settings = settings;
    this.clock = clock;
    this.observer = new RunObserver(runners, settings, clock, baselines, timers);
    this.actor = new RunActor(runners, observer);
    this.newRun = new NewRun(settings.historyLimit());
    this.starting = new StartingPhase(settings.startDeadline());
    this.running = new RunningPhase(settings.unresponsiveAfter());
    this.stopping = new StoppingPhase(settings.unresponsiveAfter());
    this.ended = new EndedPhase(settings.runnerFinalScrape());
  }

  public Step advance(LoadTest lt, LoadTestStatus s, List<Pod> pods) {
    long generation = lt.getMetadata().getGeneration() == null ? 0 : lt.getMetadata().getGeneration();
    String trigger = lt.getMetadata().getAnnotations() == null ? null : lt.getMetadata().getAnnotations().get(Labels.RUN_ANNOTATION);
    s.observedGeneration = generation;
    boolean asked = !Objects.equals(s.runGeneration, generation) || !Objects.equals(s.runTrigger, trigger);
    var d = new Decision(s, clock.instant());
    if (s.phase == null || Conditions.isFinal(s.phase) && asked) {
      newRun.decide(lt, generation, trigger, d);
    } else {
      var o = observer.observe(lt, s, pods, ended);
      switch (s.phase) {
        case Pending -> pending.decide(o, d);
        case Starting -> starting.decide(o, d);
        case Running -> running.decide(lt, o, d);
        case Stopping -> stopping.decide(lt, o, d);
        case Succeeded, Failed, Aborted, Inconclusive -> ended.decide(o, d);
        default -> {
        }
      }
      // A change during a run is not half-applied: it is announced, and runs once this run ends.
      s.nextRun = !Conditions.isFinal(s.phase) && asked
          ? "generation " + generation + (Objects.equals(s.runTrigger, trigger) ? "" : " (loadlab.dev/run=" + trigger + ")")
              + " runs as run " + (s.run + 1) + " once run " + s.run + " ends; the current run keeps generation "
              + s.runGeneration
          : null;
    }
    var problems = actor.act(lt, d.actions());
    if (!problems.isEmpty()) {
      s.message = String.join("; ", problems);
    }
    if (Conditions.isFinal(s.phase)) {
      timers.forget(lt);
    }
    Conditions.set(s, generation, clock.instant().toString());
    Duration recheck = recheck(s);
    // The workflow creates or deletes runners from the phase, and the operator's own status write is no event: after a
    // phase change, look again at once so that it follows (pods created for Pending, deleted after a failed start).
    if (!d.transitions().isEmpty() && (recheck == null || recheck.compareTo(AFTER_CHANGE) > 0)) {
      recheck = AFTER_CHANGE;
    }
    return new Step(s, recheck, d.transitions(), d.record());
  }

  static final Duration AFTER_CHANGE = Duration.ofMillis(500);

  /** The LoadTest is gone: its timers go too. */
  public void forget(LoadTest lt) {
    timers.forget(lt);
  }

  private Duration recheck(LoadTestStatus s) {
    return switch (s.phase) {
      case Pending, Starting, Stopping -> Duration.ofSeconds(1);
      case Running -> settings.pollInterval();
      case Succeeded, Failed, Aborted, Inconclusive -> {
        Instant at = ended.releaseAt(s);
        yield at == null || !clock.instant().isBefore(at) ? null : Duration.between(clock.instant(), at).plusMillis(100);
      }
      default -> null;
    };
  }
}
