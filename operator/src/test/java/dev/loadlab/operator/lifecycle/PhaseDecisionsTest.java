package dev.loadlab.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.Baselines;
import dev.loadlab.results.Stats;
import dev.loadlab.results.control.RunnerProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each phase's decisions from plain observations: no HTTP, no API server, no clock. */
class PhaseDecisionsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final RunnerPodState A = new RunnerPodState("lt-1-0", "10.0.0.1", true, null, null);
  private static final RunnerPodState B = new RunnerPodState("lt-1-1", "10.0.0.2", true, null, null);
  private final LoadTest lt = Manifests.readLoadTest(Path.of("..", "examples", "quickstart.yaml"));

  private static LoadTestStatus status(Phase phase) {
    var s = new LoadTestStatus();
    s.phase = phase;
    s.run = 1;
    s.totalRunners = 2;
    return s;
  }

  private static RunnerProgress progress(String state, Long startAt, String stopReason) {
    return new RunnerProgress(state, 0, 2, 60, stopReason, state.equals("WAITING") ? null : 10.0, 5, 100, 0, 100, 0,
        null, startAt);
  }

  private static RunObservation seen(List<RunnerPodState> pods, RunnerReport... reports) {
    return new RunObservation(NOW, pods, NOW.minusSeconds(10), List.of(reports), Duration.ZERO, null, null, Baselines.NONE);
  }

  @Test
  void startingAsksEveryRunnerForOneInstantThenRunsFromTheEarliestItTook() {
    var d = new Decision(status(Phase.Starting), NOW);
    new StartingPhase(Duration.ofMinutes(5)).decide(seen(List.of(A, B),
        RunnerReport.of(A, progress("WAITING", null, null)), RunnerReport.of(B, progress("WAITING", null, null))), d);
    assertThat(d.actions()).containsExactly(new RunAction.Start(List.of(A, B), NOW.plusSeconds(2).toEpochMilli()));
    assertThat(d.status().phase).isEqualTo(Phase.Starting);

    long t = NOW.toEpochMilli() + 1500;
    d = new Decision(status(Phase.Starting), NOW);
    new StartingPhase(Duration.ofMinutes(5)).decide(seen(List.of(A, B),
        RunnerReport.of(A, progress("WAITING", t, null)), RunnerReport.of(B, progress("RUNNING", t - 100, null))), d);
    assertThat(d.actions()).as("nobody is asked twice").isEmpty();
    assertThat(d.status().phase).isEqualTo(Phase.Running);
    assertThat(d.status().startTime).isEqualTo(Instant.ofEpochMilli(t - 100).toString());
  }

  @Test
  void startingAsksOnlyTheRunnersThatHaveNotTakenTheStart() {
    var d = new Decision(status(Phase.Starting), NOW);
    new StartingPhase(Duration.ofMinutes(5)).decide(seen(List.of(A, B),
        RunnerReport.of(A, progress("WAITING", NOW.toEpochMilli(), null)),
        RunnerReport.silent(B, "ConnectException", Duration.ofSeconds(1))), d);
    assertThat(d.actions()).containsExactly(new RunAction.Start(List.of(B), NOW.plusSeconds(2).toEpochMilli()));
  }

  @Test
  void startingFailsAtOnceWhenAPodFailsAndLetsTheOthersGo() {
    var failed = new RunnerPodState("lt-1-1", "10.0.0.2", false, "failed: exit code 2", null);
    var d = new Decision(status(Phase.Starting), NOW);
    new StartingPhase(Duration.ofMinutes(5)).decide(seen(List.of(A, failed)), d);
    assertThat(d.status().phase).isEqualTo(Phase.Failed);
    assertThat(d.status().message).isEqualTo("runner pod lt-1-1 failed: exit code 2 before the start");
    assertThat(d.actions()).containsExactly(new RunAction.Release(List.of(A)));
  }

  @Test
  void runningStopsEveryRunnerWhenOneStoppedTheTest() {
    var d = new Decision(status(Phase.Running), NOW);
    new RunningPhase(Duration.ofSeconds(30)).decide(lt, seen(List.of(A, B),
        RunnerReport.of(A, progress("RUNNING", 1L, null)),
        RunnerReport.of(B, progress("FINISHED", 1L, "over spec.metrics.maxResources"))), d);
    assertThat(d.status().phase).isEqualTo(Phase.Stopping);
    assertThat(d.status().reason).isEqualTo("RunnerStoppedTest");
    assertThat(d.status().message).isEqualTo("runner lt-1-1 stopped the test: over spec.metrics.maxResources");
    assertThat(d.actions()).containsExactly(new RunAction.Stop(List.of(A, B)));
    assertThat(d.status().progress.requests).isEqualTo(200);
  }

  @Test
  void runningWaitsForASilentRunnerUpToTheUnresponsiveTimeThenStopsTheOthersAndReleasesIt() {
    var d = new Decision(status(Phase.Running), NOW);
    new RunningPhase(Duration.ofSeconds(30)).decide(lt, seen(List.of(A, B), RunnerReport.of(A, progress("RUNNING", 1L, null)),
        RunnerReport.silent(B, "HttpTimeoutException", Duration.ofSeconds(30))), d);
    assertThat(d.status().phase).as("30 s is not past 30 s").isEqualTo(Phase.Running);
    assertThat(d.actions()).isEmpty();

    d = new Decision(status(Phase.Running), NOW);
    new RunningPhase(Duration.ofSeconds(30)).decide(lt, seen(List.of(A, B), RunnerReport.of(A, progress("RUNNING", 1L, null)),
        RunnerReport.silent(B, "HttpTimeoutException", Duration.ofSeconds(31))), d);
    assertThat(d.status().reason).isEqualTo("RunnerUnresponsive");
    assertThat(d.actions()).containsExactly(new RunAction.Stop(List.of(A)), new RunAction.Release(List.of(B)));
  }

  @Test
  void runningGoesToStoppingWhenAPodVanishes() {
    var d = new Decision(status(Phase.Running), NOW);
    new RunningPhase(Duration.ofSeconds(30)).decide(lt, seen(List.of(A), RunnerReport.of(A, progress("RUNNING", 1L, null))), d);
    assertThat(d.status().reason).isEqualTo("RunnerFailed");
    assertThat(d.status().message).isEqualTo("1 runner pod(s) were deleted during the run");
    assertThat(d.actions()).containsExactly(new RunAction.Stop(List.of(A)));
  }

  @Test
  void stoppingWaitsForResultsThenEndsWithWhatItHasPastTheDeadline() {
    var none = new Decision(status(Phase.Stopping), NOW);
    new StoppingPhase(Duration.ofSeconds(30)).decide(lt, seen(List.of(A, B)), none);
    assertThat(none.status().phase).as("no results read yet").isEqualTo(Phase.Stopping);

    var partial = new MergedResults(new Stats(), 10, 1, List.of("lt-1-1 (ConnectException)"), List.of("lt-1-0"), List.of(),
        List.of(), Map.of(), Map.of());
    var early = new Decision(status(Phase.Stopping), NOW);
    new StoppingPhase(Duration.ofSeconds(30)).decide(lt, new RunObservation(NOW, List.of(A, B), NOW, List.of(),
        Duration.ofSeconds(5), null, partial, Baselines.NONE), early);
    assertThat(early.status().phase).as("a runner's results missing, 5 s into Stopping").isEqualTo(Phase.Stopping);

    var late = new Decision(status(Phase.Stopping), NOW);
    new StoppingPhase(Duration.ofSeconds(30)).decide(lt, new RunObservation(NOW, List.of(A, B), NOW, List.of(),
        Duration.ofSeconds(31), null, partial, Baselines.NONE), late);
    assertThat(late.status().phase).isEqualTo(Phase.Failed);
    assertThat(late.status().reason).isEqualTo("ResultsLost");
    assertThat(late.status().message).isEqualTo("no results from lt-1-1 (ConnectException); the summary covers 1 of 2 runner(s)");
    assertThat(late.record()).isSameAs(partial);
  }

  @Test
  void anEndedRunReleasesItsRunnersOnlyAfterTheFinalScrape() {
    var s = status(Phase.Succeeded);
    s.startTime = NOW.minusSeconds(70).toString();
    s.endTime = NOW.minusSeconds(5).toString();
    var d = new Decision(s, NOW);
    new EndedPhase(Duration.ofSeconds(10)).decide(seen(List.of(A, B)), d);
    assertThat(d.actions()).isEmpty();

    s.endTime = NOW.minusSeconds(10).toString();
    d = new Decision(s, NOW);
    new EndedPhase(Duration.ofSeconds(10)).decide(seen(List.of(A, B)), d);
    assertThat(d.actions()).containsExactly(new RunAction.Release(List.of(A, B)));
    assertThat(d.transitions()).isEmpty();
  }
}
