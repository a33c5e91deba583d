package dev.loadlab.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.EnvVar;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Scenario;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.results.ThresholdEvaluator;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import dev.loadlab.runner.LoadRun;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.control.ControlApi;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.runner.export.MetricsServer;
import dev.loadlab.runner.export.PrometheusExporter;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.runner.executors.ScenarioRun;
import dev.loadlab.results.Stats;
import dev.loadlab.results.SummaryBuilder;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {
    "Runs a LoadTest file on this machine: live progress, then a summary.",
    "URLs on host demo-target (as in examples/) are served by the built-in demo target, started for the run.",
    "Exit codes: 0 done, " + LoadlabCommand.EXIT_INVALID + " invalid input, " + LoadlabCommand.EXIT_THRESHOLDS_FAILED
        + " thresholds failed."})
final class RunCommand implements Callable<Integer> {
  static final String DEMO_HOST = "demo-target";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A YAML file with one LoadTest.")
  Path file;

  @Option(names = "--vus", description = "Override vus of every scenario whose executor takes vus.")
  Integer vus;

  @Option(names = "--duration", description = "Override duration of every scenario whose executor takes one, e.g. 10s.")
  String duration;

  @Option(names = "--runner-index", description = "This runner's index when the load is split, 0-based (default 0).")
  int runnerIndex;

  @Option(names = "--runner-count", description = "Runners the load is split between (default 1).")
  int runnerCount = 1;

  @Option(names = "--summary-json", paramLabel = "FILE",
      description = "Also write the results as JSON: summary, thresholds, thresholdsPassed (fields of the LoadTest's "
          + "status) and intervals (figures of each spec.metrics.interval).")
  Path summaryJson;

  @Option(names = "--traces-json", paramLabel = "FILE",
      description = "Write the sampled traces (about one per resource, status and minute; redacted) as JSON.")
  Path tracesJson;

  @Option(names = "--record", paramLabel = "FILE",
      description = "Write the run record (loadlab.dev/run/v1, gzipped JSON: merged figures, intervals, traces, the "
          + "spec that ran), as the operator stores it; loadlab report --record FILE renders it.")
  Path recordFile;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the HTML report of the run: one self-contained file that works offline.")
  Path reportFile;

  @Option(names = "--connect-to", paramLabel = "HOST:PORT=HOST2:PORT2",
      description = "Connect to HOST2:PORT2 for requests to HOST:PORT (Host header unchanged), like curl --connect-to.")
  List<String> connectTo = new ArrayList<>();

  @Option(names = "--port", description = "Serve /metrics (Prometheus) on this port; 0 (default) serves nothing.")
  int port;

  @Option(names = "--listen", description = "Address the port listens on (default 127.0.0.1; 0.0.0.0 in a pod).")
  String listen = "127.0.0.1";

  @Option(names = "--linger", description = "Keep serving /metrics this long after the test, so the last scrape sees "
      + "the final values (default 0s; a pod uses two scrape intervals).")
  String linger = "0s";

  @Option(names = "--await-start", description = "Wait for POST /start?at=EPOCH_MS on --port before running (how the "
      + "operator starts all runners at one instant); after the run, serve /results until POST /release or --linger.")
  boolean awaitStart;

  @Option(names = "--threads", description = "Event loops (default: one per core).")
  int threads;

  @Option(names = "--insecure-skip-tls-verify", description = "Accept any TLS certificate.")
  boolean insecure;

  @Option(names = "--no-demo", description = "Do not start the built-in demo target for demo-target URLs.")
  boolean noDemo;

  @Option(names = "--quiet", description = "No progress line.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadTest test;
    TestPlan plan;
    try {
      test = Manifests.readLoadTest(file);
      applyOverrides(test);
      plan = TestPlan.compile(test, new Segment(runnerIndex, runnerCount), environment(test));
    } catch (InvalidResourceException | IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("✗ " + e.getMessage());
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    Map<String, InetSocketAddress> aliases = new HashMap<>();
    for (String c : connectTo) {
      parseConnectTo(c, aliases);
    }
    DemoTarget demo = null;
    try {
      if (!noDemo && usesDemoHost(test)) {
        demo = DemoTarget.start("127.0.0.1", 0, 1);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", demo.port());
        aliases.putIfAbsent(DEMO_HOST + ":8080", local);
        aliases.putIfAbsent(DEMO_HOST + ":80", local);
        err.println("demo target: serving " + DEMO_HOST + " at " + demo.baseUrl());
      }
      return run(test, plan, aliases, out, err);
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  private int run(LoadTest test, TestPlan plan, Map<String, InetSocketAddress> aliases, PrintWriter out, PrintWriter err)
      throws Exception {
    List<Threshold> thresholds = test.getSpec().thresholds == null ? List.of() : test.getSpec().thresholds;
    printHeader(plan, err);
    if (awaitStart && port <= 0) {
      err.println("✗ --await-start needs --port: the start instant arrives as POST /start on that port");
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    try (var run = new LoadRun(plan, new LoadRun.Options(threads, aliases, insecure || plan.insecureSkipTlsVerify()));
         var control = new ControlApi(run, runnerIndex, runnerCount);
         var metrics = port > 0 ? new MetricsServer(listen, port,
             new PrometheusExporter(run::snapshot, run::activeVUs, run::allocatedVUs), control) : null) {
      if (metrics != null) {
        err.printf("metrics and control API: http://%s:%d/metrics%n", listen, metrics.port());
      }
      long startNanos = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      if (awaitStart) {
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
      var progress = new ProgressLine(run, plan, err, quiet);
      // Under an operator (--await-start) abortOnFail is judged over all runners together, by the operator.
      var watch = new AbortWatch(awaitStart ? List.of() : thresholds, run);
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
      List<ThresholdResult> results = ThresholdEvaluator.evaluate(thresholds, stats, seconds);
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
        out.printf("     traces: %d kept%s%n%n", traces.size(), tracesJson == null ? " (--traces-json FILE writes them)" : " in " + tracesJson);
      }
      if (run.stopReason() != null) {
        out.println("     ✗ the runner stopped the test: " + run.stopReason());
        out.println();
      }
      long passed = results.stream().filter(r -> r.passed).count();
      out.flush();
      new RunOutputs(summaryJson, tracesJson, recordFile, reportFile).write(test, run, stats, summary, results,
          passed + "/" + results.size(), startMillis, verdict(run, results, watch.abortedBy() != null), err);
      out.flush();
      reported.countDown();
      if (metrics != null && control.awaitRelease(Durations.parse(linger).toMillis())) {
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
      // Under an operator one runner's share does not decide the thresholds: the merged results do.
      return passed == results.size() || awaitStart ? 0 : LoadlabCommand.EXIT_THRESHOLDS_FAILED;
    }
  }

  /** How the run ended, in the words of a LoadTest's status (phase, reason, message). */
  private static RunOutputs.Verdict verdict(LoadRun run, List<ThresholdResult> results, boolean aborted) {
    String failed = results.stream().filter(r -> !r.passed).map(r -> r.metric + " " + r.condition + " (value " + r.value + ")")
        .collect(java.util.stream.Collectors.joining(", "));
    if (run.stopReason() != null) {
      return new RunOutputs.Verdict("Failed", "RunnerStoppedTest", run.stopReason());
    }
    if (aborted) {
      return new RunOutputs.Verdict("Aborted", "ThresholdAborted", "aborted: " + failed);
    }
    return failed.isEmpty() ? new RunOutputs.Verdict("Succeeded", "Completed", "completed: " + results.size() + " thresholds passed")
        : new RunOutputs.Verdict("Failed", "ThresholdsFailed", "thresholds failed: " + failed);
  }

  private void printHeader(TestPlan plan, PrintWriter err) {
    err.printf("loadlab: %s, %d scenario(s)%s, %s (+ up to %s graceful stop)%n", plan.name(), plan.scenarios().size(),
        runnerCount > 1 ? ", runner " + runnerIndex + " of " + runnerCount : "",
        ProgressLine.duration(plan.plannedEndNanos()), ProgressLine.duration(plan.plannedNanos() - plan.plannedEndNanos()));
    for (var s : plan.scenarios()) {
      err.printf("  %s: %s%n", s.name(), ProgressLine.describe(s));
    }
    err.flush();
  }

  /** --vus and --duration apply to the scenarios whose executor takes them. */
  private void applyOverrides(LoadTest test) {
    if (vus == null && duration == null) {
      return;
    }
    for (Scenario s : test.getSpec().scenarios) {
      if (vus != null && s.load.executor.parameters().contains("vus")) {
        s.load.vus = vus;
      }
      if (duration != null && s.load.executor.parameters().contains("duration")) {
        s.load.duration = duration;
      }
    }
    List<FieldError> problems = Manifests.problems(test);
    if (!problems.isEmpty()) {
      throw new InvalidResourceException(file + " with --vus/--duration", problems);
    }
  }

  /** The process environment plus spec.env literal values; Secret/ConfigMap values must be exported. */
  private Map<String, String> environment(LoadTest test) {
    var env = new HashMap<>(System.getenv());
    var missing = new ArrayList<FieldError>();
    List<EnvVar> declared = test.getSpec().env == null ? List.of() : test.getSpec().env;
    for (int i = 0; i < declared.size(); i++) {
      EnvVar v = declared.get(i);
      if (v.value != null) {
        env.putIfAbsent(v.name, v.value);
      } else if (!env.containsKey(v.name) && Boolean.TRUE.equals(optional(v))) {
        env.put(v.name, ""); // optional, as in a pod whose Secret or ConfigMap lacks the key: empty
      } else if (!env.containsKey(v.name)) {
        var ref = v.valueFrom.secretKeyRef != null ? "Secret " + v.valueFrom.secretKeyRef.name + "/" + v.valueFrom.secretKeyRef.key
            : "ConfigMap " + v.valueFrom.configMapKeyRef.name + "/" + v.valueFrom.configMapKeyRef.key;
        missing.add(new FieldError("spec.env[" + i + "]", v.name + " comes from " + ref
            + " in a cluster; to run locally, export " + v.name + "=..."));
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidResourceException(file.toString(), missing);
    }
    return env;
  }

  private static Boolean optional(EnvVar v) {
    var ref = v.valueFrom.secretKeyRef != null ? v.valueFrom.secretKeyRef : v.valueFrom.configMapKeyRef;
    return ref == null ? null : ref.optional;
  }

  private static boolean usesDemoHost(LoadTest test) {
    var urls = new ArrayList<String>();
    if (test.getSpec().target != null) {
      urls.add(test.getSpec().target);
    }
    collectUrls(test.getSpec().scenarios.stream().flatMap(s -> s.steps.stream()).toList(), urls);
    return urls.stream().anyMatch(u -> {
      try {
        return DEMO_HOST.equals(URI.create(u).getHost());
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
  }

  private static void collectUrls(List<dev.loadlab.api.loadtest.Step> steps, List<String> urls) {
    for (var st : steps) {
      if (st.http != null) {
        urls.add(st.http.url);
      }
      if (st.websocket != null) {
        urls.add(st.websocket.url);
      }
      if (st.group != null) {
        collectUrls(st.group.steps, urls);
      }
    }
  }

  private static void parseConnectTo(String spec, Map<String, InetSocketAddress> aliases) {
    String[] parts = spec.split("=", 2);
    if (parts.length != 2 || !parts[0].contains(":") || !parts[1].contains(":")) {
      throw new IllegalArgumentException("--connect-to " + spec + ": write HOST:PORT=HOST2:PORT2, e.g. "
          + "shop:80=127.0.0.1:8080");
    }
    int colon = parts[1].lastIndexOf(':');
    aliases.put(parts[0], new InetSocketAddress(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1))));
  }
}
