package dev.loadlab.runner.cli;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.RunnerHealthStatus;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.results.Stats;
import dev.loadlab.results.SummaryBuilder;
import dev.loadlab.results.ThresholdEvaluator;
import dev.loadlab.results.health.RunnerSaturation;
import dev.loadlab.runner.LoadRun;
import dev.loadlab.runner.control.ControlApi;
import dev.loadlab.runner.control.ControlServer;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.runner.executors.ScenarioRun;
import dev.loadlab.runner.export.MetricsServer;
import dev.loadlab.runner.export.PrometheusExporter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code loadlab run}: the start (now, or at the instant POST /start names), progress, abortOnFail, the
 * summary, the output files ({@link RunOutputs}), the final scrape and release, and the exit code.
 */
final class RunSession {
  private final RunCommand options;
  private final LoadTest test;
  private final TestPlan plan;
  private final Map<String, InetSocketAddress> aliases;
  private final PrintWriter out;
  private final PrintWriter err;

  RunSession(RunCommand options, LoadTest test, TestPlan plan, Map<String, InetSocketAddress> aliases, PrintWriter out,
      PrintWriter err) {
    this.options = options;
    this.test = test;
    this.plan = plan;
    this.aliases = aliases;
    this.out = out;
    this.err = err;
  }

  int run() throws Exception {
    List<Threshold> thresholds = test.getSpec().thresholds == null ? List.of() : test.getSpec().thresholds;
    printHeader(plan, err);
    if (options.awaitStart && options.port <= 0 && options.controlPort <= 0) {
      err.println("✗ --await-start needs --port: the start instant arrives as POST /start on that port");
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    var runOptions = new LoadRun.Options(options.threads, aliases, options.insecure || plan.insecureSkipTlsVerify(),
        options.configMapDir);
    LoadRun prepared;
    try {
      dev.loadlab.runner.warmup.WarmUp.run(Durations.parse(options.warmUp), options.threads);
      prepared = new LoadRun(plan, runOptions); // reads gRPC schemas: a method the server does not know stops here
    } catch (dev.loadlab.api.validation.InvalidResourceException e) {
      return options.invalid(err, e.getMessage());
    }
    boolean ownControlPort = options.controlPort > 0 && options.controlPort != options.port;
    try (var run = prepared;
         var control = new ControlApi(run, options.runnerIndex, options.runnerCount, System.getenv("LOADLAB_CONTROL_TOKEN"));
         var metrics = options.port > 0 ? new MetricsServer(options.listen, options.port,
             new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs, run::liveHealth),
             ownControlPort ? control.probes(options.controlPort) : control) : null;
         var controlServer = ownControlPort ? new ControlServer(options.listen, options.controlPort, control) : null) {
      if (metrics != null) {
        err.printf(controlServer != null ? "metrics: http://%s:%d/metrics; control API on port %d%n"
            : "metrics and control API: http://%s:%d/metrics%n", options.listen, metrics.port(), options.controlPort);
      }
      long startNanos = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      if (options.awaitStart) {
        err.println("ready: waiting for POST /start");
        err.flush();
        long at;
        try {
          at = control.startRequested().get();
        } catch (java.util.concurrent.CancellationException stopped) {
          err.println("stopped before the start");
          return 0;
        }
        startMillis = Math.max(at, System.currentTimeMillis());
        startNanos = System.nanoTime() + (startMillis - System.currentTimeMillis()) * 1_000_000L;
      }
      CompletableFuture<Void> done = run.start(startNanos);
      control.running(startMillis);
      var reported = new java.util.concurrent.CountDownLatch(1);
      // Ctrl-C or SIGTERM: stop the run, and keep the JVM alive until the summary of what ran is out.
      Thread hook = new Thread(() -> {
        try {
          run.stop();
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          return; // the run was over and closed (e.g. the command failed after it): nothing left to stop
        }
        try {
          reported.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      var progress = new ProgressLine(run, plan, err, options.quiet);
      // Under an operator (--await-start) abortOnFail is judged over all runners together, by the operator.
      var watch = new AbortWatch(options.awaitStart ? List.of() : thresholds, run);
      while (!done.isDone()) {
        try {
          done.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          progress.update();
          watch.check();
        }
      }
      progress.finish();
      control.finished();
      double seconds = (System.nanoTime() - run.startNanos()) / 1e9;
      Stats stats = run.snapshot();
      Summary summary = SummaryBuilder.build(stats, seconds, plan.percentiles(), plan.metricNamespaces());
      List<ThresholdResult> results = ThresholdEvaluator.evaluate(
          dev.loadlab.results.ScenarioRamps.resolve(test.getSpec(), thresholds), stats, seconds, run::intervals,
          plan.intervalNanos() / 1e9, baselines());
      if (watch.abortedBy() != null) {
        results.get(watch.abortedBy()).aborted = true;
      }
      int maxVus = run.scenarios().stream().mapToInt(ScenarioRun::allocatedVUs).sum();
      var iterationDurations = new org.HdrHistogram.Histogram(3);
      stats.scenarios().values().forEach(sc -> iterationDurations.add(sc.iterationDuration()));
      var printer = new SummaryPrinter(out);
      printer.print(summary, SummaryBuilder.distribution(iterationDurations, List.of()), stats.checks(),
          stats.connectionErrors(), stats.expressionErrors(), maxVus);
      printer.thresholds(results, watch.abortedBy() != null);
      var traces = run.traces();
      if (!traces.isEmpty()) {
        out.printf("     traces: %d kept%s%n%n", traces.size(),
            options.tracesJson == null ? " (--traces-json FILE writes them)" : " in " + options.tracesJson);
      }
      if (run.stopReason() != null) {
        out.println("     ✗ the runner stopped the test: " + run.stopReason());
        out.println();
      }
      long passed = results.stream().filter(r -> r.passed).count();
      var healthFigures = run.health(stats);
      var health = RunnerSaturation.judge(test.getSpec().runnerHealth, Map.of("local", healthFigures),
          RunnerSaturation.Where.LOCAL);
      // Under an operator the runner's share decides nothing: the operator judges every runner's figures.
      boolean inconclusive = !options.awaitStart && RunnerSaturation.decides(test.getSpec().runnerHealth, health);
      if (!options.awaitStart) {
        printer.runnerHealth(health, inconclusive);
      }
      out.flush();
      var verdict = verdict(run, results, watch.abortedBy() != null, inconclusive ? health : null);
      new RunOutputs(options.summaryJson, options.tracesJson, options.recordFile, options.reportFile).write(test, run, stats,
          new RunOutputs.Outcome(summary, results, passed + "/" + results.size(), verdict, healthFigures, health),
          startMillis, err);
      out.flush();
      reported.countDown();
      if (metrics != null && control.awaitRelease(Durations.parse(options.linger).toMillis())) {
        err.println("released by POST /release");
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook stopped the run, and the summary above is what it got
      }
      if (run.stopReason() != null) {
        return LoadlabCommand.EXIT_STOPPED;
      }
      if (inconclusive && watch.abortedBy() == null) {
        return LoadlabCommand.EXIT_INCONCLUSIVE;
      }
      // Under an operator one runner's share does not decide the thresholds: the merged results do.
      return passed == results.size() || options.awaitStart ? 0 : LoadlabCommand.EXIT_THRESHOLDS_FAILED;
    }
  }

  /** Locally the one record --baseline names is every baseline threshold's (their baseline.run is for the cluster). */
  private dev.loadlab.results.Baselines baselines() {
    var run = options.baseline;
    return run == null ? b -> dev.loadlab.results.Baselines.Found.none("no --baseline RECORD given")
        : b -> new dev.loadlab.results.Baselines.Found(run, null);
  }

  /** How the run ended, in the words of a LoadTest's status (phase, reason, message). */
  private static RunOutputs.Verdict verdict(LoadRun run, List<ThresholdResult> results, boolean aborted,
      RunnerHealthStatus saturated) {
    String failed = results.stream().filter(r -> !r.passed).map(r -> r.metric + " " + r.condition + " (value " + r.value + ")")
        .collect(java.util.stream.Collectors.joining(", "));
    if (run.stopReason() != null) {
      return new RunOutputs.Verdict("Failed", "RunnerStoppedTest", run.stopReason());
    }
    if (aborted) {
      return new RunOutputs.Verdict("Aborted", "ThresholdAborted", "aborted: " + failed);
    }
    if (saturated != null) {
      return new RunOutputs.Verdict("Inconclusive", "RunnerSaturated", saturated.message + "; thresholds: "
          + (failed.isEmpty() ? "all " + results.size() + " passed" : "failed: " + failed));
    }
    return failed.isEmpty() ? new RunOutputs.Verdict("Succeeded", "Completed", "completed: " + results.size() + " thresholds passed")
        : new RunOutputs.Verdict("Failed", "ThresholdsFailed", "thresholds failed: " + failed);
  }

  private void printHeader(TestPlan plan, PrintWriter err) {
    err.printf("loadlab: %s, %d scenario(s)%s, %s (+ up to %s graceful stop)%n", plan.name(), plan.scenarios().size(),
        options.runnerCount > 1 ? ", runner " + options.runnerIndex + " of " + options.runnerCount : "",
        ProgressLine.duration(plan.plannedEndNanos()), ProgressLine.duration(plan.plannedNanos() - plan.plannedEndNanos()));
    for (var s : plan.scenarios()) {
      err.printf("  %s: %s%n", s.name(), ProgressLine.describe(s));
    }
    err.flush();
  }
}
