package dev.loadlab.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.RunnerHealthStatus;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.report.HtmlReport;
import dev.loadlab.results.Stats;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.results.record.RunRecordCodec;
import dev.loadlab.runner.LoadRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The files a local run writes when asked: {@code --summary-json} (the LoadTest status fields), {@code --traces-json},
 * {@code --record} (the run record, as the operator stores it) and {@code --report} (its HTML report).
 */
final class RunOutputs {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** How a local run ended, in the LoadTest's words. */
  record Verdict(String phase, String reason, String message) {
  }

  /**
   * What a local run found: the summary, the thresholds, the verdict, the runner's health figures (as /results
   * reports them) and how they were judged.
   */
  record Outcome(Summary summary, List<ThresholdResult> thresholds, String passed, Verdict verdict, ObjectNode health,
      RunnerHealthStatus runnerHealth) {
  }

  private final Path summaryJson;
  private final Path tracesJson;
  private final Path record;
  private final Path report;

  RunOutputs(Path summaryJson, Path tracesJson, Path record, Path report) {
    this.summaryJson = summaryJson;
    this.tracesJson = tracesJson;
    this.record = record;
    this.report = report;
  }

  void write(LoadTest test, LoadRun run, Stats stats, Outcome outcome, long startMillis, PrintWriter err) throws IOException {
    Summary summary = outcome.summary();
    Verdict verdict = outcome.verdict();
    if (tracesJson != null) {
      Files.writeString(tracesJson, JSON.writeValueAsString(run.traces()));
    }
    if (summaryJson != null) {
      var status = new LoadTestStatus();
      status.phase = dev.loadlab.api.loadtest.Phase.valueOf(verdict.phase());
      status.reason = verdict.reason();
      status.message = verdict.message();
      status.summary = summary;
      status.thresholds = outcome.thresholds();
      status.thresholdsPassed = outcome.passed();
      status.runnerHealth = outcome.runnerHealth();
      var document = (ObjectNode) JSON.valueToTree(status);
      document.set("intervals", JSON.valueToTree(run.intervalFigures()));
      Files.writeString(summaryJson, JSON.writeValueAsString(document));
    }
    if (record == null && report == null) {
      return;
    }
    RunRecord r = new RunRecord();
    r.name = test.getMetadata().getName();
    r.origin = "local";
    r.phase = verdict.phase();
    r.reason = verdict.reason();
    r.message = verdict.message();
    r.startTime = Instant.ofEpochMilli(startMillis).toString();
    r.endTime = Instant.now().toString();
    r.durationSeconds = summary.durationSeconds;
    r.runners = List.of(new RunRecord.Runner("local", 0, null, true, outcome.health()));
    r.spec = JSON.valueToTree(test.getSpec());
    r.summary = summary;
    r.thresholds = outcome.thresholds();
    r.thresholdsPassed = outcome.passed();
    r.runnerHealth = outcome.runnerHealth();
    r.intervalSeconds = run.plan().intervalNanos() / 1e9;
    r.totals = stats;
    r.intervals = run.intervals();
    r.traces = JSON.valueToTree(run.traces());
    if (record != null) {
      // A file has no size limit: the whole record, nothing left out.
      Files.write(record, RunRecordCodec.gzip(r));
      err.println("run record: " + record + " (loadlab report --record " + record + " renders it)");
    }
    if (report != null) {
      Files.writeString(report, HtmlReport.render(r));
      err.println("report: " + report.toAbsolutePath().toUri());
    }
  }
}
