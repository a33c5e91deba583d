package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.PastRun;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A new run: the first, or one asked for by a new generation or {@code loadlab.dev/run} once the last ended. The last
 * run goes to {@code status.history}; the spec is validated (the same validation as {@code loadlab validate}): Invalid
 * with every problem's field path, or Pending with the runner pods to create.
 */
final class NewRun {
  private final int historyLimit;

  NewRun(int historyLimit) {
    this.historyLimit = historyLimit;
  }

  void decide(LoadTest lt, long generation, String trigger, Decision d) {
    LoadTestStatus s = d.status();
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
      s.totalRunners = null;
      s.runners = null;
      d.move(Phase.Invalid, "InvalidSpec", problems.stream().map(FieldError::toString).collect(Collectors.joining("; ")), true);
      return;
    }
    s.run = s.run == null ? 1 : s.run + 1;
    s.totalRunners = lt.getSpec().runnerCount();
    s.readyRunners = 0;
    s.runners = "0/" + s.totalRunners;
    d.move(Phase.Pending, "CreatingRunners", "run " + s.run + ": creating " + s.totalRunners + " runner pod(s)", false);
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
      r.p95 = s.summary.latency == null ? null : RunFigures.millis(s.summary.latency.p95);
      r.errors = RunFigures.percent(s.summary.failures, s.summary.requests);
    }
    r.thresholdsPassed = s.thresholdsPassed;
    r.record = s.record == null ? null : s.record.configMap;
    var history = new ArrayList<PastRun>();
    history.add(r);
    if (s.history != null) {
      history.addAll(s.history);
    }
    s.history = List.copyOf(history.subList(0, Math.min(history.size(), historyLimit)));
  }
}
