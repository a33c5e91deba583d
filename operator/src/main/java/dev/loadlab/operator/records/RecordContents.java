package dev.loadlab.operator.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.Stats;
import dev.loadlab.results.record.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What goes into a run's record: the LoadTest's spec that ran, the verdict in its status, and the merged results. */
final class RecordContents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_MAX_TRACES = 1000;

  private RecordContents() {
  }

  static RunRecord of(LoadTest lt, LoadTestStatus s, MergedResults merged, List<RunRecord.Runner> runners) {
    var r = new RunRecord();
    r.name = lt.getMetadata().getName();
    r.namespace = lt.getMetadata().getNamespace();
    r.run = s.run == null ? 1 : s.run;
    r.origin = "cluster";
    r.phase = s.phase == null ? null : s.phase.name();
    r.reason = s.reason;
    r.message = s.message;
    r.startTime = s.startTime;
    r.endTime = s.endTime;
    r.durationSeconds = s.summary != null && s.summary.durationSeconds != null ? s.summary.durationSeconds
        : s.startTime != null && s.endTime != null
            ? Duration.between(Instant.parse(s.startTime), Instant.parse(s.endTime)).toMillis() / 1000.0 : 0;
    r.runners = List.copyOf(runners);
    for (RunRecord.Runner runner : runners) {
      Stats own = merged.byRunner().get(runner.name());
      if (runner.region() != null && own != null) {
        r.regions.computeIfAbsent(runner.region(), k -> new Stats()).addLean(own);
      }
    }
    r.spec = JSON.valueToTree(lt.getSpec());
    r.summary = s.summary;
    r.thresholds = s.thresholds == null ? new ArrayList<>() : s.thresholds;
    r.thresholdsPassed = s.thresholdsPassed;
    r.runnerHealth = s.runnerHealth;
    String interval = lt.getSpec().metrics == null ? null : lt.getSpec().metrics.interval;
    r.intervalSeconds = interval == null ? 10 : dev.loadlab.api.validation.Durations.parse(interval).toMillis() / 1000.0;
    r.totals = merged.stats();
    r.intervals = merged.intervals();
    var traces = lt.getSpec().traces;
    r.traces = merged.traces(traces == null || traces.maxTraces == null ? DEFAULT_MAX_TRACES : traces.maxTraces);
    return r;
  }
}
