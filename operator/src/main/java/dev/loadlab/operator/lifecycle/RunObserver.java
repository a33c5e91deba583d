package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.loadtest.Labels;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.operator.runners.RunnerControl;
import dev.loadlab.operator.runners.RunnerControl.Answer;
import dev.loadlab.results.Baselines;
import dev.loadlab.results.control.RunnerProgress;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Looks at a run: its pods, and as much of its runners as the phase needs (no more: 200 runners are 200 calls).
 * Starting asks {@code /progress} once every pod is Ready; Running asks {@code /progress} every poll, with the totals
 * ({@code ?totals=true}) while an abortOnFail threshold is judged (its delayAbortEval counted from the start instant); Stopping asks {@code /progress} and reads {@code /results} once, when
 * every runner finished (or the stopping deadline passed); an ended run's runners are read again only when its record
 * is missing. Runners silent for longer than {@code unresponsiveAfter} are no longer asked once the run is stopping.
 */
public final class RunObserver {
  private final RunnerControl runners;
  private final OperatorSettings settings;
  private final Clock clock;
  private final BiFunction<LoadTest, LoadTestStatus, Baselines> baselines;
  private final RunTimers timers;

  RunObserver(RunnerControl runners, OperatorSettings settings, Clock clock,
      BiFunction<LoadTest, LoadTestStatus, Baselines> baselines, RunTimers timers) {
    this.runners = runners;
    this.settings = settings;
    this.clock = clock;
    this.baselines = baselines;
    this.timers = timers;
  }

  RunObservation observe(LoadTest lt, LoadTestStatus s, List<Pod> all, EndedPhase ended) {
    Instant now = clock.instant();
    if (s.run == null || s.phase == null || s.phase == Phase.Invalid) {
      return RunObservation.ofPods(now, List.of(), null);
    }
    String run = Integer.toString(s.run);
    List<Pod> ofRun = all.stream()
        .filter(p -> p.getMetadata().getLabels() != null && run.equals(p.getMetadata().getLabels().get(Labels.RUN))).toList();
    Instant created = ofRun.stream().map(p -> p.getMetadata().getCreationTimestamp()).filter(Objects::nonNull)
        .map(Instant::parse).min(Comparator.naturalOrder()).orElse(null);
    List<RunnerPodState> pods = ofRun.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getMetadata().getLabels().getOrDefault(Labels.RUNNER, "0"))))
        .map(RunnerPodState::of).toList();
    var o = RunObservation.ofPods(now, pods, created);
    return switch (s.phase) {
      case Starting -> o.ready() == s.totalRunners && pods.size() == s.totalRunners ? o.withReports(progress(lt, s, pods, now, false)) : o;
      case Running -> running(lt, s, o);
      case Stopping -> stopping(lt, s, o);
      case Succeeded, Failed, Aborted, Inconclusive -> {
        timers.forget(lt);
        boolean reread = ended.releasing(s, now) && EndedPhase.recordMissing(s) && !o.live().isEmpty();
        yield reread ? new RunObservation(now, pods, created, List.of(), Duration.ZERO, null,
            MergedResults.of(runners.results(addresses(lt, o.live()))), Baselines.NONE) : o;
      }
      default -> o;
    };
  }

  private RunObservation running(LoadTest lt, LoadTestStatus s, RunObservation o) {
    double sinceStart = s.startTime == null ? 0 : Math.max(0, Duration.between(Instant.parse(s.startTime), o.now()).toMillis() / 1000.0);
    boolean judging = AbortOnFail.due(lt, sinceStart);
    var reports = progress(lt, s, o.live(), o.now(), judging);
    return new RunObservation(o.now(), o.pods(), o.podsCreated(), reports, Duration.ZERO,
        judging ? MergedResults.live(reports.stream().filter(r -> r.answered() && r.progress().totals() != null)
            .collect(java.util.stream.Collectors.toMap(r -> r.pod().name(), r -> r.progress().totals(), (a, b) -> a,
                java.util.LinkedHashMap::new)), sinceStart) : null,
        null, baselines.apply(lt, s));
  }

  private RunObservation stopping(LoadTest lt, LoadTestStatus s, RunObservation o) {
    var asked = o.live().stream()
        .filter(p -> timers.peek(lt, s.run, p.name(), o.now()).compareTo(settings.unresponsiveAfter()) <= 0).toList();
    var reports = progress(lt, s, asked, o.now(), false);
    Duration stoppingFor = timers.running(lt, s.run, "stopping", o.now());
    boolean collect = reports.stream().allMatch(RunnerReport::finished)
        || stoppingFor.compareTo(settings.unresponsiveAfter()) > 0;
    MergedResults results = collect ? MergedResults.of(runners.results(addresses(lt, asked))) : null;
    return new RunObservation(o.now(), o.pods(), o.podsCreated(), reports, stoppingFor, null, results,
        baselines.apply(lt, s));
  }

  /** Each runner's progress (with its totals, if asked), typed; a silent runner's timer starts, an answering one's stops. */
  private List<RunnerReport> progress(LoadTest lt, LoadTestStatus s, List<RunnerPodState> all, Instant now, boolean totals) {
    var pods = all.stream().filter(p -> p.ip() != null).toList();
    var answers = runners.progress(addresses(lt, pods), totals);
    var reports = new ArrayList<RunnerReport>();
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      RunnerPodState pod = pods.get(i);
      RunnerProgress p = null;
      String error = a.ok() ? null : a.error() != null ? a.error() : "HTTP " + a.status();
      if (a.ok()) {
        try {
          p = RunnerProgress.fromJson(a.body());
        } catch (IllegalArgumentException corrupt) {
          error = "a garbled answer: " + corrupt.getMessage();
        }
      }
      if (p != null) {
        timers.stop(lt, s.run, pod.name());
        reports.add(RunnerReport.of(pod, p));
      } else {
        reports.add(RunnerReport.silent(pod, error, timers.running(lt, s.run, pod.name(), now)));
      }
    }
    return reports;
  }

  /** The control API of each pod that has an address: its control port and token, as the pod was made. */
  List<RunnerControl.Runner> addresses(LoadTest lt, List<RunnerPodState> pods) {
    int fallback = dev.loadlab.operator.loadtest.RunnerPodsDependent.controlPort(lt, settings);
    return pods.stream().filter(p -> p.ip() != null)
        .map(p -> new RunnerControl.Runner(p.name(), (p.ip().contains(":") ? "[" + p.ip() + "]" : p.ip()) + ":"
            + (p.controlPort() > 0 ? p.controlPort() : fallback), p.token())).toList();
  }
}
