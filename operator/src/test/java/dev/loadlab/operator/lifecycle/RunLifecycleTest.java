package dev.loadlab.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.loadtest.RunnerPodsDependent;
import dev.loadlab.operator.runners.RunnerControl;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResultsCodec;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.loadlab.results.control.RunnerProgress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run lifecycle step by step, with plain inputs: pods as the API server would report them, and runners
 * that answer the control API from memory. (The end-to-end suite drives the same code with real runners.)
 */
class RunLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey KEY = new ResourceKey("browse", "GET /products");

  /** Runners held in memory: state and recorded requests per pod. */
  static final class MemoryRunners implements RunnerControl {
    final Map<String, String> state = new HashMap<>();
    final Map<String, LoopMetrics> recorded = new HashMap<>();
    final Map<String, Long> startAt = new HashMap<>();
    final List<String> released = new ArrayList<>();
    final List<String> silent = new ArrayList<>();
    final Map<String, ObjectNode> health = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    private List<Answer> each(List<Runner> runners, java.util.function.Function<Runner, ObjectNode> body) {
      return runners.stream().map(r -> silent.contains(r.pod()) || silent.contains(r.address())
              ? new Answer(r, 0, null, "ConnectException")
          : new Answer(r, 200, body.apply(r), null)).toList();
    }

    private ObjectNode status(Runner r) {
      return JSON.createObjectNode().put("state", state.getOrDefault(r.pod(), "WAITING"));
    }

    @Override
    public List<Answer> start(List<Runner> runners, long at) {
      runners.forEach(r -> {
        state.put(r.pod(), "RUNNING");
        startAt.put(r.pod(), at);
      });
      return each(runners, this::status);
    }

    @Override
    public List<Answer> progress(List<Runner> runners, boolean withTotals) {
      calls.add(withTotals ? "progress+totals" : "progress");
      return each(runners, r -> {
        var s = recorded.getOrDefault(r.pod(), new LoopMetrics()).snapshot();
        var p = new RunnerProgress(state.getOrDefault(r.pod(), "WAITING"), 0, 2, 10.0, null, 5.0, 2, s.requests(),
            s.failures(), s.iterations(), 0, s.allDurations(), startAt.get(r.pod()));
        return (withTotals ? p.withTotals(s) : p).toJson();
      });
    }

    @Override
    public List<Answer> results(List<Runner> runners) {
      calls.add("results");
      return each(runners, r -> {
        ObjectNode o = status(r).put("startedAt", 1_000L).put("endedAt", 11_000L);
        o.setAll(ResultsCodec.encode(recorded.getOrDefault(r.pod(), new LoopMetrics()).snapshot()));
        if (health.containsKey(r.pod())) {
          o.set("health", health.get(r.pod()));
        }
        return o;
      });
    }

    @Override
    public List<Answer> stop(List<Runner> runners) {
      runners.forEach(r -> state.put(r.pod(), "FINISHED"));
      return each(runners, this::status);
    }

    @Override
    public List<Answer> release(List<Runner> runners) {
      runners.forEach(r -> released.add(r.pod()));
      return each(runners, this::status);
    }

    void record(String pod, int requests, long millis) {
      var m = recorded.computeIfAbsent(pod, k -> new LoopMetrics());
      for (int i = 0; i < requests; i++) {
        m.request(KEY, 200, false, 0, 0, 0, 0, millis * 1_000_000, 0, millis * 1_000_000, 10, 20);
      }
    }
  }

  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private MemoryRunners runners;
  private TestClock clock;
  private RunLifecycle lifecycle;
  private LoadTest lt;
  private LoadTestStatus status;

  @BeforeEach
  void setUp() {
    runners = new MemoryRunners();
    clock = new TestClock();
    lifecycle = new RunLifecycle(runners, OperatorSettings.defaults(), clock);
    lt = Manifests.readLoadTest(Path.of("..", "examples", "quickstart.yaml"));
    lt.getSpec().runners = 2;
    lt.getMetadata().setNamespace("perf");
    lt.getMetadata().setGeneration(1L);
    status = new LoadTestStatus();
  }

  private RunLifecycle.Step step(List<Pod> pods) {
    lt.setStatus(status);
    var s = lifecycle.advance(lt, status, pods);
    status = s.status();
    return s;
  }

  /** The run's pods as the operator would create them, created at the clock's now. */
  private List<Pod> pods() {
    lt.setStatus(status);
    var pods = RunnerPodsDependent.build(lt, OperatorSettings.defaults());
    pods.forEach(p -> p.getMetadata().setCreationTimestamp(clock.now.toString()));
    return pods;
  }

  private static Pod ready(Pod p, String ip) {
    p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip)
        .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
    return p;
  }

  private static Pod killed(Pod p) {
    p.setStatus(new PodStatusBuilder(p.getStatus()).withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
        .withName("runner").withState(new ContainerStateBuilder().withNewTerminated().withExitCode(137).withReason("OOMKilled")
            .endTerminated().build()).build()).build());
    return p;
  }

  private List<Pod> readyPods() {
    var pods = pods();
    ready(pods.get(0), "10.0.0.10");
    ready(pods.get(1), "10.0.0.11");
    return pods;
  }

  @Test
  void aRunGoesFromPendingToSucceededWithTheMergedResultsOfEveryRunner() {
    var first = step(List.of());
    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(status.run).isEqualTo(1);
    assertThat(status.totalRunners).isEqualTo(2);
    assertThat(first.transitions()).extracting(Transition::reason).containsExactly("CreatingRunners");

    var pods = pods();
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Starting);
    step(pods);
    assertThat(status.phase).as("pods not ready yet").isEqualTo(Phase.Starting);
    assertThat(runners.startAt).isEmpty();

    pods = readyPods();
    step(pods);
    assertThat(status.phase).as("asked to start; Running once they say they took it").isEqualTo(Phase.Starting);
    assertThat(runners.startAt.values()).as("one instant for all, 2 s ahead").hasSize(2).containsOnly(clock.now.toEpochMilli() + 2000);
    long asked = clock.now.toEpochMilli() + 2000;
    clock.now = clock.now.plusSeconds(1);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(runners.startAt.values()).as("not asked twice").containsOnly(asked);
    assertThat(status.startTime).as("the instant the runners took").isEqualTo(java.time.Instant.ofEpochMilli(asked).toString());

    runners.record("quickstart-1-0", 30, 10);
    runners.record("quickstart-1-1", 10, 900);
    step(pods);
    assertThat(status.progress.requests).isEqualTo(40);
    assertThat(status.progress.percent).isEqualTo(50.0);
    assertThat(status.runners).isEqualTo("2/2");

    runners.state.replaceAll((k, v) -> "FINISHED");
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Stopping);
    var end = step(pods);
    assertThat(status.summary.requests).isEqualTo(40);
    assertThat(status.thresholds).extracting(t -> t.metric).containsExactly("http_req_duration", "http_req_failed");
    // 10 of 40 requests at 900 ms: p95 over the union is 900 ms, failing "p(95) < 500ms"
    assertThat(status.thresholds.get(0).passed).isFalse();
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.reason).isEqualTo("ThresholdsFailed");
    assertThat(status.message).contains("http_req_duration p(95) < 500ms");
    assertThat(end.transitions()).extracting(Transition::to).containsExactly(Phase.Failed);
    assertThat(end.record()).as("what was collected, for the run's record").isNotNull();
    assertThat(end.record().stats().requests()).isEqualTo(40);
    assertThat(end.record().collected()).containsExactly("quickstart-1-0", "quickstart-1-1");
    assertThat(runners.released).as("serving the final figures to Prometheus").isEmpty();
    assertThat(end.recheck()).as("at once, for the workflow to follow the phase").isEqualTo(Duration.ofMillis(500));
    assertThat(step(pods).recheck()).as("back when the final scrape is over").isEqualTo(Duration.ofSeconds(10).plusMillis(100));

    clock.now = clock.now.plusSeconds(5);
    step(pods);
    assertThat(runners.released).as("5 s of the 10 s final scrape").isEmpty();
    clock.now = clock.now.plusSeconds(5);
    var failedToWrite = new dev.loadlab.api.loadtest.RecordStatus();
    failedToWrite.error = "ConfigMap quickstart-run-1 could not be written: Forbidden";
    status.record = failedToWrite;
    var last = step(pods);
    assertThat(runners.released).containsExactlyInAnyOrder("quickstart-1-0", "quickstart-1-1");
    assertThat(last.record()).as("the record made again from the runners before they go").isNotNull();
    assertThat(last.record().stats().requests()).isEqualTo(40);
    assertThat(last.recheck()).as("nothing left to watch").isNull();
    assertThat(status.phase).isEqualTo(Phase.Failed);
  }

  @Test
  void abortOnFailIsJudgedOnTheTotalsMergedFromProgressAndResultsAreReadOnceAtTheEnd() {
    var slow = lt.getSpec().thresholds.get(0);
    assertThat(slow.condition).isEqualTo("p(95) < 500ms");
    slow.abortOnFail = true;
    slow.delayAbortEval = "5s";
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    clock.now = clock.now.plusSeconds(1);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    Instant start = Instant.parse(status.startTime);
    runners.record("quickstart-1-0", 30, 10);
    runners.record("quickstart-1-1", 10, 900);

    clock.now = start.plusSeconds(4);
    runners.calls.clear();
    step(pods);
    assertThat(runners.calls).as("4 s after the start, delayAbortEval 5s: progress only").containsExactly("progress");
    assertThat(status.phase).isEqualTo(Phase.Running);

    clock.now = start.plusSeconds(6);
    step(pods);
    assertThat(runners.calls).as("judged from here on, on the totals sent with the progress")
        .containsExactly("progress", "progress+totals");
    // the two runners merged: p95 = 900 ms (10 of 40 requests at 900 ms)
    assertThat(status.phase).as(status.message).isEqualTo(Phase.Stopping);
    assertThat(status.reason).isEqualTo("ThresholdAborted");
    assertThat(status.message).contains("http_req_duration p(95) < 500ms failed with 900");
    assertThat(runners.state.values()).as("every runner stopped").containsOnly("FINISHED");

    step(pods);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Aborted);
    assertThat(runners.calls.stream().filter("results"::equals)).as("/results once, at the end").hasSize(1);
  }

  @Test
  void aRunnerPodKilledMidRunFailsTheRunNamingItAndKeepsTheOthersResults() {
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    runners.record("quickstart-1-0", 25, 10);
    killed(pods.get(1));
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Stopping);
    assertThat(runners.state.get("quickstart-1-0")).as("the survivor was stopped").isEqualTo("FINISHED");
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.reason).isEqualTo("RunnerFailed");
    assertThat(status.message).contains("quickstart-1-1", "exit code 137 (OOMKilled)", "limits.memory", "covers 1 of 2 runner(s)");
    assertThat(status.summary.requests).isEqualTo(25);
  }

  @Test
  void aPodThatCannotStartFailsTheRunAtTheStartDeadlineWithItsReason() {
    step(List.of());
    var pods = pods();
    step(pods);
    pods.get(1).setStatus(new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
        .withName("runner").withState(new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"loadlab/runner:typo\"").endWaiting().build()).build()).build());
    ready(pods.get(0), "10.0.0.10");
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Starting);
    assertThat(status.message).contains("ImagePullBackOff");
    clock.now = clock.now.plus(Duration.ofMinutes(5)).plusSeconds(1);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.reason).isEqualTo("RunnersNotReady");
    assertThat(status.message).contains("quickstart-1-1: ImagePullBackOff: Back-off pulling image \"loadlab/runner:typo\"");
    assertThat(runners.released).as("the ready one is let go").containsExactly("quickstart-1-0");
  }

  @Test
  void aRunnerThatStopsAnsweringFailsTheRunAfterTheUnresponsiveTime() {
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    runners.silent.add("quickstart-1-1");
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    runners.record("quickstart-1-0", 12, 10);
    clock.now = clock.now.plusSeconds(31);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Stopping);
    assertThat(runners.state.get("quickstart-1-0")).as("the other one was stopped").isEqualTo("FINISHED");
    assertThat(runners.released).as("the silent one let go").containsExactly("quickstart-1-1");
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.reason).isEqualTo("RunnerUnresponsive");
    assertThat(status.message).contains("quickstart-1-1 has not answered for 30s (ConnectException)",
        "the summary covers 1 of 2 runner(s)");
    assertThat(status.summary.requests).as("the answering runner's results").isEqualTo(12);
  }

  @Test
  void liveP95IsThatOfEveryRunnersRequestsTogetherNotTheHighestRunners() {
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    // runner 0: 90 requests at 10 ms and 10 at 1 s (its own p95: 1 s); runner 1: 100 at 20 ms (its p95: 20 ms)
    runners.record("quickstart-1-0", 90, 10);
    runners.record("quickstart-1-0", 10, 1000);
    runners.record("quickstart-1-1", 100, 20);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.progress.requests).isEqualTo(200);
    // all 200 together: the 190th is one of the 20 ms ones (the highest runner's p95 would say 1 s)
    assertThat(status.progress.p95).isEqualTo("20.0ms");
  }

  @Test
  void sameNamedLoadTestsInTwoNamespacesKeepTheirOwnSilenceTimers() {
    // "perf/quickstart" run 1, and "other/quickstart" run 1: the same pod names, other pod IPs
    var otherLt = Manifests.readLoadTest(Path.of("..", "examples", "quickstart.yaml"));
    otherLt.getSpec().runners = 2;
    otherLt.getMetadata().setNamespace("other");
    otherLt.getMetadata().setGeneration(1L);
    var other = new Object() {
      LoadTestStatus status = new LoadTestStatus();

      void step(List<Pod> pods) {
        otherLt.setStatus(status);
        status = lifecycle.advance(otherLt, status, pods).status();
      }

      List<Pod> pods(boolean ready) {
        otherLt.setStatus(status);
        var pods = RunnerPodsDependent.build(otherLt, OperatorSettings.defaults());
        pods.forEach(p -> p.getMetadata().setCreationTimestamp(clock.now.toString()));
        if (ready) {
          ready(pods.get(0), "10.0.1.10");
          ready(pods.get(1), "10.0.1.11");
        }
        return pods;
      }
    };
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    other.step(List.of());
    other.step(other.pods(false));
    var otherPods = other.pods(true);
    other.step(otherPods);
    other.step(otherPods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(other.status.phase).isEqualTo(Phase.Running);

    runners.silent.add("10.0.0.11:9091"); // perf's quickstart-1-1 goes silent first
    step(pods);
    other.step(otherPods);
    clock.now = clock.now.plusSeconds(20);
    runners.silent.add("10.0.1.11:9091"); // then other's quickstart-1-1, 20 s later
    step(pods);
    other.step(otherPods);
    clock.now = clock.now.plusSeconds(11);
    step(pods);
    other.step(otherPods);
    step(pods);
    other.step(otherPods);

    assertThat(status.phase).as(status.message).isEqualTo(Phase.Failed);
    assertThat(status.message).contains("quickstart-1-1 has not answered for 30s");
    assertThat(other.status.phase).as("silent for 11 s only: " + other.status.message).isEqualTo(Phase.Running);
    clock.now = clock.now.plusSeconds(20);
    other.step(otherPods);
    other.step(otherPods);
    assertThat(other.status.phase).isEqualTo(Phase.Failed);
    assertThat(other.status.reason).isEqualTo("RunnerUnresponsive");
  }

  @Test
  void aSpecChangeDuringARunIsAnnouncedAndRunsNextWithTheLastRunInHistory() {
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    lt.getMetadata().setGeneration(2L);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.runGeneration).isEqualTo(1L);
    assertThat(status.nextRun).contains("generation 2 runs as run 2 once run 1 ends");

    runners.record("quickstart-1-0", 5, 10);
    runners.state.replaceAll((k, v) -> "FINISHED");
    step(pods);
    step(pods);
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    step(pods);
    assertThat(status.phase).as("the change runs as soon as the run ended").isEqualTo(Phase.Pending);
    assertThat(status.run).isEqualTo(2);
    assertThat(status.runGeneration).isEqualTo(2L);
    assertThat(status.nextRun).isNull();
    assertThat(status.summary).isNull();
    assertThat(status.history).hasSize(1);
    assertThat(status.history.get(0).run).isEqualTo(1);
    assertThat(status.history.get(0).requests).isEqualTo(5);
  }

  @Test
  void anInvalidSpecIsInvalidWithEveryProblemAndNoRun() {
    lt.getSpec().scenarios.get(0).steps.get(0).http.checks.get(0).expr = "response.status ==";
    lt.getSpec().thresholds.get(0).condition = "p95 < 2s";
    var s = step(List.of());
    assertThat(status.phase).isEqualTo(Phase.Invalid);
    assertThat(status.run).isNull();
    assertThat(status.message).contains("spec.scenarios[0].steps[0].http.checks[0].expr", "spec.thresholds[0].condition");
    assertThat(s.recheck()).as("once more, for the workflow").isEqualTo(Duration.ofMillis(500));
    assertThat(step(List.of()).recheck()).as("then nothing to wait for").isNull();
    assertThat(status.phase).as("not retried while the spec stays").isEqualTo(Phase.Invalid);
  }

  /** Health figures as a runner reports them (RunnerHealth plus RunnerSaturation.addLoadFigures). */
  private static ObjectNode health(double lagP99Ms, double cpuAvg, double cores) {
    var h = JSON.createObjectNode().put("seconds", 60.0).put("cores", cores).put("loops", 1);
    h.putObject("eventLoopLagMs").put("p99", lagP99Ms).put("max", lagP99Ms * 2).put("ticks", 600);
    h.putObject("cpu").put("avg", cpuAvg).put("max", Math.min(1, cpuAvg * 1.1));
    return h.put("gcPauseMs", 40).put("gcPauseShare", 0.001).put("blockedShare", 0.0).put("droppedIterations", 0)
        .put("droppedShare", 0.0);
  }

  /** From nothing to the end of a run whose runners recorded fast requests (every threshold passes). */
  private void runToTheEnd() {
    step(List.of());
    step(pods());
    var pods = readyPods();
    step(pods);
    step(pods); // every runner took the start: Running
    runners.record("quickstart-1-0", 30, 10);
    runners.record("quickstart-1-1", 30, 12);
    runners.state.replaceAll((k, v) -> "FINISHED");
    step(pods);
    step(pods);
  }

  @Test
  void aSaturatedRunnerMakesTheRunInconclusiveNamingTheRunnerTheFigureAndTheFix() {
    runners.health.put("quickstart-1-0", health(3, 0.2, 2));
    runners.health.put("quickstart-1-1", health(850, 0.98, 0.1));
    runToTheEnd();

    assertThat(status.phase).as(status.message).isEqualTo(Phase.Inconclusive);
    assertThat(status.reason).isEqualTo("RunnerSaturated");
    assertThat(status.thresholdsPassed).as("the thresholds passed, and decide nothing").isEqualTo("2/2");
    assertThat(status.message).contains("1 of 2 runner(s) saturated", "runner quickstart-1-1",
        "event-loop lag p99 850 ms (limit 200 ms)", "CPU 98% of 0.1 core(s) (limit 90%)", "spec.runner.resources",
        "spec.runners").doesNotContain("runner quickstart-1-0");
    assertThat(status.runnerHealth.verdict).isEqualTo("Saturated");
    assertThat(status.runnerHealth.runners).extracting(r -> r.runner, r -> r.exceeded).containsExactly(
        org.assertj.core.groups.Tuple.tuple("quickstart-1-0", null),
        org.assertj.core.groups.Tuple.tuple("quickstart-1-1", List.of("eventLoopLag", "cpu")));
    assertThat(status.conditions).filteredOn(c -> c.type.equals("Ready")).extracting(c -> c.status).containsExactly("False");
  }

  @Test
  void withOnSaturatedReportTheThresholdsDecideAndTheStatusStillSaysSo() {
    lt.getSpec().runnerHealth = new dev.loadlab.api.loadtest.RunnerHealthLimits();
    lt.getSpec().runnerHealth.onSaturated = dev.loadlab.api.loadtest.RunnerHealthLimits.OnSaturated.Report;
    runners.health.put("quickstart-1-0", health(3, 0.2, 2));
    runners.health.put("quickstart-1-1", health(850, 0.5, 1));
    runToTheEnd();

    assertThat(status.phase).as(status.message).isEqualTo(Phase.Succeeded);
    assertThat(status.message).contains("onSaturated: Report", "runner quickstart-1-1: event-loop lag p99 850 ms");
    assertThat(status.runnerHealth.verdict).isEqualTo("Saturated");
  }

  @Test
  void runnersWithinTheirLimitsAreHealthyAndTheThresholdsDecide() {
    runners.health.put("quickstart-1-0", health(3, 0.2, 2));
    runners.health.put("quickstart-1-1", health(150, 0.85, 1));
    runToTheEnd();

    assertThat(status.phase).as(status.message).isEqualTo(Phase.Succeeded);
    assertThat(status.runnerHealth.verdict).isEqualTo("Healthy");
    assertThat(status.runnerHealth.runners).extracting(r -> r.cpuPercent).containsExactly(20.0, 85.0);
  }
}
