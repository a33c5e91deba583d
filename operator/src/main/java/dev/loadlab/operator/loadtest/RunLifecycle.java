package dev.loadlab.operator.loadtest;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.loadtest.Progress;
import dev.loadlab.api.loadtest.PastRun;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.Baselines;
import dev.loadlab.results.health.RunnerSaturation;
import dev.loadlab.operator.runners.RunnerControl;
import dev.loadlab.operator.runners.RunnerControl.Answer;
import dev.loadlab.operator.runners.RunnerControl.Runner;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import dev.loadlab.results.control.RunnerProgress;
import java.util.stream.Collectors;

/**
 * One step of a LoadTest's life, from what the API server and the runners say now to the next status:
 * Pending → Starting → Running → Stopping → Succeeded | Failed | Aborted | Inconclusive (or Invalid). Everything it needs
 * to go on lives in the status and in the runners, so an operator restarted mid-run picks the run up.
 * The only memory kept here is since when a runner has not answered, and losing it only delays a verdict.
 */
public final class RunLifecycle {
  /**
   * The next status, when to look again, what happened (for Events and metrics), and the results of a run to keep
   * as its record when it has none yet ({@code record}; null when there is nothing to write).
   */
  public record Step(LoadTestStatus status, Duration recheck, List<Transition> transitions, MergedResults record) {
  }

  /** A phase change; a final one carries what was collected of the run ({@link MergedResults#none()} if nothing). */
  public record Transition(Phase to, String reason, String message, boolean warning, MergedResults results) {
    public Transition(Phase to, String reason, String message, boolean warning) {
      this(to, reason, message, warning, null);
    }
  }

  private final RunnerControl runners;
  private final OperatorSettings settings;
  private final Clock clock;
  private final java.util.function.BiFunction<LoadTest, LoadTestStatus, Baselines> baselines;
  private final Map<String, Instant> silentSince = new ConcurrentHashMap<>();

  public RunLifecycle(RunnerControl runners, OperatorSettings settings, Clock clock) {
    this(runners, settings, clock, (lt, s) -> Baselines.NONE);
  }

  /** @param baselines the earlier runs a LoadTest's baseline thresholds compare with (its stored run records) */
  public RunLifecycle(RunnerControl runners, OperatorSettings settings, Clock clock,
      java.util.function.BiFunction<LoadTest, LoadTestStatus, Baselines> baselines) {
    this.runners = runners;
    this.settings = settings;
    this.clock = clock;
    this.baselines = baselines;
  }

  public Step advance(LoadTest lt, LoadTestStatus s, List<Pod> pods) {
    var transitions = new ArrayList<Transition>();
    MergedResults rerecord = null;
    long generation = lt.getMetadata().getGeneration() == null ? 0 : lt.getMetadata().getGeneration();
    String trigger = lt.getMetadata().getAnnotations() == null ? null : lt.getMetadata().getAnnotations().get(Labels.RUN_ANNOTATION);
    s.observedGeneration = generation;
    boolean ended = s.phase != null && Conditions.isFinal(s.phase);
    boolean asked = !Objects.equals(s.runGeneration, generation) || !Objects.equals(s.runTrigger, trigger);
    if (s.phase == null || ended && asked) {
      newRun(lt, s, generation, trigger, transitions);
    } else {
      switch (s.phase) {
        case Pending -> pending(s, pods, transitions);
        case Starting -> starting(lt, s, pods, transitions);
        case Running -> running(lt, s, pods, transitions);
        case Stopping -> stopping(lt, s, pods, transitions);
        case Succeeded, Failed, Aborted, Inconclusive -> rerecord = releaseAfterFinalScrape(lt, s, pods);
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
    Conditions.set(s, generation, now().toString());
    MergedResults record = transitions.stream().map(Transition::results).filter(Objects::nonNull).findFirst().orElse(rerecord);
    return new Step(s, recheck(s), transitions, record);
  }

  private void newRun(LoadTest lt, LoadTestStatus s, long generation, String trigger, List<Transition> transitions) {
    List<FieldError> problems = Manifests.problems(specOnly(lt));
    if (s.phase != null && s.phase != Phase.Invalid) {
      archive(s);
    }
    s.runGeneration = generation;
    s.runTrigger = trigger;
    s.nextRun = null;
    s.progress = null;
    s.summary = null;
    s.thresholds = null;
    s.thresholdsPassed = null;
    s.runnerHealth = null;
    s.record = null;
    s.startTime = null;
    s.endTime = null;
    s.readyRunners = null;
    if (!problems.isEmpty()) {
      s.phase = Phase.Invalid;
      s.reason = "InvalidSpec";
      s.message = problems.stream().map(FieldError::toString).collect(Collectors.joining("; "));
      s.totalRunners = null;
      s.runners = null;
      transitions.add(new Transition(Phase.Invalid, s.reason, s.message, true));
      return;
    }
    s.run = s.run == null ? 1 : s.run + 1;
    s.phase = Phase.Pending;
    s.totalRunners = lt.getSpec().runnerCount();
    s.readyRunners = 0;
    s.runners = "0/" + s.totalRunners;
    s.reason = "CreatingRunners";
    s.message = "run " + s.run + ": creating " + s.totalRunners + " runner pod(s)";
    transitions.add(new Transition(Phase.Pending, s.reason, s.message, false));
  }

  private static LoadTest specOnly(LoadTest lt) {
    var copy = new LoadTest();
    copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(lt.getMetadata().getName())
        .withNamespace(lt.getMetadata().getNamespace()).build());
    copy.setSpec(lt.getSpec());
    return copy;
  }

  private void archive(LoadTestStatus s) {
    var r = new PastRun();
    r.run = s.run;
    r.generation = s.runGeneration;
    r.phase = s.phase;
    r.reason = s.reason;
    r.startTime = s.startTime;
    r.endTime = s.endTime;
    if (s.summary != null) {
      r.requests = s.summary.requests;
      r.rps = s.summary.rps;
      r.p95 = s.summary.latency == null ? null : millis(s.summary.latency.p95);
      r.errors = percent(s.summary.failures, s.summary.requests);
    }
    r.thresholdsPassed = s.thresholdsPassed;
    r.record = s.record == null ? null : s.record.configMap;
    var history = new ArrayList<PastRun>();
    history.add(r);
    if (s.history != null) {
      history.addAll(s.history);
    }
    s.history = List.copyOf(history.subList(0, Math.min(history.size(), settings.historyLimit())));
  }

  private List<RunnerPodState> runPods(LoadTestStatus s, List<Pod> pods) {
    String run = Integer.toString(s.run);
    return pods.stream()
        .filter(p -> p.getMetadata().getLabels() != null && run.equals(p.getMetadata().getLabels().get(Labels.RUN)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getMetadata().getLabels().getOrDefault(Labels.RUNNER, "0"))))
        .map(RunnerPodState::of).toList();
  }

  private void pending(LoadTestStatus s, List<Pod> pods, List<Transition> transitions) {
    if (runPods(s, pods).size() >= s.totalRunners) {
      move(s, Phase.Starting, "WaitingForRunners", "waiting for " + s.totalRunners + " runner pod(s) to be ready", false, transitions);
    }
  }

  private void starting(LoadTest lt, LoadTestStatus s, List<Pod> all, List<Transition> transitions) {
    var pods = runPods(s, all);
    long ready = pods.stream().filter(RunnerPodState::ready).count();
    s.readyRunners = (int) ready;
    s.runners = ready + "/" + s.totalRunners;
    for (var p : pods) {
      if (p.failure() != null) {
        release(lt, s, pods);
        finish(s, Phase.Failed, "RunnerFailed", "runner pod " + p.name() + " " + p.failure() + " before the start", transitions);
        return;
      }
    }
    String run = Integer.toString(s.run);
    // this run's pods only: a kept pod of an earlier run must not make the deadline look passed
    Instant created = all.stream().filter(p -> p.getMetadata().getLabels() != null && run.equals(p.getMetadata().getLabels().get(Labels.RUN)))
        .map(p -> p.getMetadata().getCreationTimestamp()).filter(Objects::nonNull)
        .map(Instant::parse).min(Comparator.naturalOrder()).orElse(now());
    boolean late = now().isAfter(created.plus(settings.startDeadline()));
    if (pods.size() < s.totalRunners) {
      if (late) {
        release(lt, s, pods);
        finish(s, Phase.Failed, "RunnerLost", (s.totalRunners - pods.size()) + " runner pod(s) disappeared before the start", transitions);
      }
      return;
    }
    if (ready < s.totalRunners) {
      if (late) {
        String why = pods.stream().filter(p -> !p.ready())
            .map(p -> p.name() + ": " + (p.stuck() != null ? p.stuck() : "not ready")).collect(Collectors.joining("; "));
        release(lt, s, pods);
        finish(s, Phase.Failed, "RunnersNotReady", "runner pods not ready within " + human(settings.startDeadline())
            + " (loadlab.start-deadline): " + why, transitions);
      } else {
        String stuck = pods.stream().filter(p -> p.stuck() != null).map(p -> p.name() + ": " + p.stuck()).findFirst().orElse(null);
        s.message = stuck != null ? stuck : "waiting for runner pods to be ready (" + s.runners + ")";
      }
      return;
    }
    // Every runner gets the same instant, far enough ahead that each has heard of it before it comes.
    long at = now().toEpochMilli() + 2000;
    var answers = runners.start(runners(lt, pods), at);
    var refused = answers.stream().filter(a -> !a.ok() && a.status() != 409).map(a -> a.runner().pod() + " (" + why(a) + ")").toList();
    if (!refused.isEmpty()) {
      s.message = "could not start " + String.join(", ", refused) + "; retrying";
      return;
    }
    s.startTime = Instant.ofEpochMilli(at).toString();
    move(s, Phase.Running, "Running", "started " + s.totalRunners + " runner(s) at " + s.startTime, false, transitions);
  }

  private void running(LoadTest lt, LoadTestStatus s, List<Pod> all, List<Transition> transitions) {
    var pods = runPods(s, all);
    if (lostRunner(lt, s, pods, transitions)) {
      return;
    }
    var answers = runners.progress(runners(lt, pods));
    if (silent(lt, s, pods, answers, transitions)) {
      return;
    }
    s.progress = progress(s.progress, answers);
    s.readyRunners = (int) pods.stream().filter(RunnerPodState::ready).count();
    s.runners = s.readyRunners + "/" + s.totalRunners;
    var stopped = answers.stream().filter(a -> a.ok() && a.body().hasNonNull("stopReason")).findFirst();
    if (stopped.isPresent()) {
      runners.stop(runners(lt, pods));
      move(s, Phase.Stopping, "RunnerStoppedTest", "runner " + stopped.get().runner().pod() + " stopped the test: "
          + stopped.get().body().get("stopReason").asText(), true, transitions);
      return;
    }
    if (answers.stream().allMatch(a -> a.ok() && RunnerProgress.FINISHED.equals(a.body().path("state").asText()))) {
      move(s, Phase.Stopping, "CollectingResults", "every runner finished; collecting results", false, transitions);
      return;
    }
    abortOnFail(lt, s, pods, transitions);
  }

  /** A runner pod that failed, finished early or vanished mid-run: the run fails, keeping what the others have. */
  private boolean lostRunner(LoadTest lt, LoadTestStatus s, List<RunnerPodState> pods, List<Transition> transitions) {
    String lost = pods.stream().filter(p -> p.failure() != null).map(p -> "runner pod " + p.name() + " " + p.failure())
        .findFirst().orElse(null);
    if (lost == null && pods.size() < s.totalRunners) {
      lost = (s.totalRunners - pods.size()) + " runner pod(s) were deleted during the run";
    }
    if (lost == null) {
      return false;
    }
    var alive = pods.stream().filter(p -> p.failure() == null && p.ip() != null).toList();
    runners.stop(runners(lt, alive));
    move(s, Phase.Stopping, "RunnerFailed", lost, true, transitions);
    return true;
  }

  /**
   * The key of a timer of this LoadTest's run: its namespace, name and run with what is timed (a runner pod, the
   * stopping deadline), so same-named LoadTests in two namespaces, or two LoadTests stopping their run 1, never share
   * one.
   */
  private static String timer(LoadTest lt, LoadTestStatus s, String what) {
    return lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName() + "/" + s.run + "/" + what;
  }

  private boolean silent(LoadTest lt, LoadTestStatus s, List<RunnerPodState> pods, List<Answer> answers, List<Transition> transitions) {
    Instant now = now();
    for (var a : answers) {
      String key = timer(lt, s, a.runner().pod());
      if (a.ok()) {
        silentSince.remove(key);
      } else if (now.isAfter(silentSince.computeIfAbsent(key, k -> now).plus(settings.unresponsiveAfter()))) {
        var others = pods.stream().filter(p -> !p.name().equals(a.runner().pod())).toList();
        runners.stop(runners(lt, others));
        runners.release(List.of(a.runner()));
        finishWithout(lt, s, others, "RunnerUnresponsive", "runner pod " + a.runner().pod() + " has not answered for "
            + human(settings.unresponsiveAfter()) + " (" + why(a) + ")", transitions);
        silentSince.remove(key);
        return true;
      }
    }
    return false;
  }

  /** abortOnFail is judged over all runners' merged results, once each threshold's delayAbortEval is over. */
  private void abortOnFail(LoadTest lt, LoadTestStatus s, List<RunnerPodState> pods, List<Transition> transitions) {
    List<Threshold> thresholds = lt.getSpec().thresholds == null ? List.of() : lt.getSpec().thresholds;
    double elapsed = s.progress == null || s.progress.elapsedSeconds == null ? 0 : s.progress.elapsedSeconds;
    boolean due = thresholds.stream().anyMatch(t -> Boolean.TRUE.equals(t.abortOnFail)
        && elapsed >= (t.delayAbortEval == null ? 0 : Durations.parse(t.delayAbortEval).toSeconds()));
    if (!due) {
      return;
    }
    // totals only, every poll: the intervals, traces and windowed thresholds come with the final collection
    var merged = MergedResults.of(runners.resultsTotals(runners(lt, pods)));
    List<ThresholdResult> results = merged.thresholds(lt.getSpec(), baselines.apply(lt, s));
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      var r = results.get(i);
      boolean delayOver = elapsed >= (t.delayAbortEval == null ? 0 : Durations.parse(t.delayAbortEval).toSeconds());
      // No sample yet is not a failure worth aborting for: the value is unknown, not bad.
      if (Boolean.TRUE.equals(t.abortOnFail) && delayOver && r.value != null && !r.value.isNaN() && !r.passed) {
        runners.stop(runners(lt, pods));
        s.thresholds = results;
        r.aborted = true;
        move(s, Phase.Stopping, "ThresholdAborted", "threshold " + t.metric + " " + t.condition + " failed with "
            + r.value + " (abortOnFail): stopping every runner", true, transitions);
        return;
      }
    }
  }

  private void stopping(LoadTest lt, LoadTestStatus s, List<Pod> all, List<Transition> transitions) {
    var pods = runPods(s, all).stream().filter(p -> p.ip() != null && p.failure() == null).toList();
    String why = s.reason;
    String whyMessage = s.message;
    String deadlineKey = timer(lt, s, "stopping");
    boolean late = now().isAfter(silentSince.computeIfAbsent(deadlineKey, k -> now()).plus(settings.unresponsiveAfter()));
    // A stopped runner takes a moment to interrupt its iterations: collect once every runner says FINISHED.
    boolean stillRunning = runners.progress(runners(lt, pods)).stream()
        .anyMatch(a -> !a.ok() || !RunnerProgress.FINISHED.equals(a.body().path("state").asText()));
    if (stillRunning && !late) {
      return;
    }
    var aborted = s.thresholds == null ? null : s.thresholds.stream().filter(t -> Boolean.TRUE.equals(t.aborted)).findFirst();
    var merged = collect(lt, s, pods);
    if (!merged.missing().isEmpty() && !late) {
      return;
    }
    silentSince.remove(deadlineKey);
    String coverage = "; the summary covers " + merged.runners() + " of " + s.totalRunners + " runner(s)";
    if (merged.runners() == 0) {
      finish(s, Phase.Failed, "ResultsLost", "no runner is left to collect results from (every runner pod is gone or "
          + "failed)" + (merged.missing().isEmpty() ? "" : ": " + String.join(", ", merged.missing())), transitions, merged);
      return;
    }
    if (!merged.missing().isEmpty()) {
      finish(s, Phase.Failed, "ResultsLost", "no results from " + String.join(", ", merged.missing()) + coverage, transitions, merged);
      return;
    }
    var verdict = RunVerdict.of(lt, s, why, whyMessage, aborted != null && aborted.isPresent(), coverage);
    finish(s, verdict.phase(), verdict.reason(), verdict.message(), transitions, merged);
  }

  /** Ends the run with the results of the given runners only, saying whose are missing. */
  private void finishWithout(LoadTest lt, LoadTestStatus s, List<RunnerPodState> others, String reason, String message,
      List<Transition> transitions) {
    var merged = collect(lt, s, others);
    finish(s, Phase.Failed, reason, message + "; the summary covers " + merged.runners() + " of " + s.totalRunners
        + " runner(s)", transitions, merged);
  }

  /**
   * A run that ran keeps its runners serving their final figures for loadlab.runner.final-scrape after it ended,
   * so that Prometheus scrapes them once more (a PodMonitor drops pods that are gone or no longer Running); then
   * they are released. Decided from the end time and the pods, so an operator restarted meanwhile does the same.
   */
  private MergedResults releaseAfterFinalScrape(LoadTest lt, LoadTestStatus s, List<Pod> all) {
    if (s.run == null || s.startTime == null || s.endTime == null || now().isBefore(finalScrapeEnd(s))) {
      return null;
    }
    var live = runPods(s, all).stream().filter(p -> p.ip() != null && p.failure() == null).toList();
    if (live.isEmpty()) {
      return null;
    }
    // A record that could not be written (or an operator that stopped before writing it): the runners still
    // serve the results, so the record is made again from them before they go.
    MergedResults again = s.record == null || s.record.error != null ? MergedResults.of(runners.results(runners(lt, live))) : null;
    release(lt, s, live);
    return again != null && again.runners() > 0 ? again : null;
  }

  private Instant finalScrapeEnd(LoadTestStatus s) {
    return Instant.parse(s.endTime).plus(settings.runnerFinalScrape());
  }

  /** Results of these runners merged into status.summary and status.thresholds. */
  private MergedResults collect(LoadTest lt, LoadTestStatus s, List<RunnerPodState> pods) {
    var merged = MergedResults.of(runners.results(runners(lt, pods)));
    if (merged.runners() > 0) {
      var aborted = s.thresholds;
      s.summary = merged.summary(lt.getSpec());
      s.thresholds = merged.thresholds(lt.getSpec(), baselines.apply(lt, s));
      if (aborted != null) {
        for (int i = 0; i < Math.min(aborted.size(), s.thresholds.size()); i++) {
          s.thresholds.get(i).aborted = aborted.get(i).aborted;
        }
      }
      s.thresholdsPassed = s.thresholds.stream().filter(t -> Boolean.TRUE.equals(t.passed)).count() + "/" + s.thresholds.size();
      s.runnerHealth = RunnerSaturation.judge(lt.getSpec().runnerHealth, merged.health(), RunnerSaturation.Where.CLUSTER);
      var p = s.progress == null ? new Progress() : s.progress;
      p.requests = s.summary.requests;
      p.iterations = s.summary.iterations;
      p.rps = s.summary.rps;
      p.p95 = s.summary.latency == null ? null : millis(s.summary.latency.p95);
      p.errors = percent(s.summary.failures, s.summary.requests);
      p.elapsedSeconds = s.summary.durationSeconds;
      p.vus = 0L;
      s.progress = p;
    }
    return merged;
  }

  /** Lets the runners exit: they serve their final figures until released (or their linger time ends). */
  private void release(LoadTest lt, LoadTestStatus s, List<RunnerPodState> pods) {
    runners.release(runners(lt, pods.stream().filter(p -> p.ip() != null).toList()));
  }

  private void move(LoadTestStatus s, Phase to, String reason, String message, boolean warning, List<Transition> transitions) {
    s.phase = to;
    s.reason = reason;
    s.message = message;
    transitions.add(new Transition(to, reason, message, warning));
  }

  private void finish(LoadTestStatus s, Phase to, String reason, String message, List<Transition> transitions) {
    finish(s, to, reason, message, transitions, MergedResults.none());
  }

  /** Ends the run; {@code merged} is what was collected of it, for its record. */
  private void finish(LoadTestStatus s, Phase to, String reason, String message, List<Transition> transitions,
      MergedResults merged) {
    s.endTime = now().toString();
    if (s.progress != null) {
      s.progress.vus = 0L;
    }
    s.phase = to;
    s.reason = reason;
    s.message = message;
    transitions.add(new Transition(to, reason, message, to != Phase.Succeeded, merged));
  }

  private List<Runner> runners(LoadTest lt, List<RunnerPodState> pods) {
    int port = RunnerPodsDependent.port(lt, settings);
    return pods.stream().filter(p -> p.ip() != null)
        .map(p -> new Runner(p.name(), (p.ip().contains(":") ? "[" + p.ip() + "]" : p.ip()) + ":" + port)).toList();
  }

  /**
   * Live figures: sums over runners, and the p95 of every runner's requests together (their duration histograms
   * merged), as exact as the final one.
   */
  static Progress progress(Progress previous, List<Answer> answers) {
    var p = new Progress();
    double elapsed = 0;
    double planned = 0;
    long requests = 0;
    long failures = 0;
    long iterations = 0;
    long vus = 0;
    var durations = new org.HdrHistogram.Histogram(3); // auto-resizing, as the runners record
    for (var a : answers) {
      if (!a.ok()) {
        continue;
      }
      RunnerProgress b;
      try {
        b = RunnerProgress.fromJson(a.body());
      } catch (IllegalArgumentException corrupt) {
        continue; // a garbled answer counts as none this poll
      }
      elapsed = Math.max(elapsed, b.elapsedSeconds() == null ? 0 : b.elapsedSeconds());
      planned = Math.max(planned, b.plannedSeconds());
      requests += b.requests();
      failures += b.failures();
      iterations += b.iterations();
      vus += b.vus();
      if (b.durations() != null) {
        durations.add(b.durations());
      }
    }
    p.elapsedSeconds = round(elapsed);
    p.percent = planned > 0 ? round(Math.min(100, 100 * elapsed / planned)) : null;
    p.requests = requests;
    p.iterations = iterations;
    p.vus = vus;
    p.errors = percent(failures, requests);
    p.p95 = durations.getTotalCount() == 0 ? null : millis(durations.getValueAtPercentile(95) / 1000.0);
    if (previous != null && previous.elapsedSeconds != null && previous.requests != null && elapsed > previous.elapsedSeconds) {
      p.rps = round((requests - previous.requests) / (elapsed - previous.elapsedSeconds));
    } else {
      p.rps = elapsed > 0 ? round(requests / elapsed) : 0.0;
    }
    return p;
  }

  private Duration recheck(LoadTestStatus s) {
    return switch (s.phase) {
      case Pending, Starting, Stopping -> Duration.ofSeconds(1);
      case Running -> settings.pollInterval();
      case Succeeded, Failed, Aborted, Inconclusive -> s.startTime == null || s.endTime == null || !now().isBefore(finalScrapeEnd(s))
          ? null : Duration.between(now(), finalScrapeEnd(s)).plusMillis(100);
      default -> null;
    };
  }

  private Instant now() {
    return clock.instant();
  }

  private static String why(Answer a) {
    return a.error() != null ? a.error() : "HTTP " + a.status();
  }

  static String millis(Double ms) {
    if (ms == null) {
      return null;
    }
    return ms >= 1000 ? String.format(Locale.ROOT, "%.2fs", ms / 1000) : String.format(Locale.ROOT, "%.1fms", ms);
  }

  static String percent(Long failures, Long requests) {
    if (requests == null || requests == 0) {
      return "0%";
    }
    return String.format(Locale.ROOT, "%.2f%%", 100.0 * (failures == null ? 0 : failures) / requests);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String human(Duration d) {
    return d.toSeconds() + "s";
  }
}
