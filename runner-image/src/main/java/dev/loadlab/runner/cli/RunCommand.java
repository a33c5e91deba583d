package dev.loadlab.runner.cli;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Scenario;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
  static final String DEMO_HOST = LocalEnvironment.DEMO_HOST;

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

  @Option(names = "--baseline", paramLabel = "RECORD",
      description = "A run record (from --record) that thresholds on baseline compare with, e.g. \"p(95) < baseline * 1.10\".")
  Path baselineRecord;

  /** The run --baseline names, read before the run starts (a wrong file must not cost a run). */
  dev.loadlab.results.Baselines.Run baseline;

  @Option(names = "--connect-to", paramLabel = "HOST:PORT=HOST2:PORT2",
      description = "Connect to HOST2:PORT2 for requests to HOST:PORT (Host header unchanged), like curl --connect-to.")
  List<String> connectTo = new ArrayList<>();

  @Option(names = "--port", description = "Serve /metrics (Prometheus) on this port; 0 (default) serves nothing.")
  int port;

  @Option(names = "--control-port", description = "Serve the control API (/start, /stop, /release, /progress, /results) "
      + "on this port rather than on --port, which then serves /metrics, /healthz and /readyz only: how runner pods keep "
      + "it apart from the port Prometheus scrapes, so that a NetworkPolicy admits only the operator to it. 0 (default): "
      + "on --port. With LOADLAB_CONTROL_TOKEN set, every call but /healthz and /readyz needs "
      + "'Authorization: Bearer <token>'.")
  int controlPort;

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

  @Option(names = "--warm-up", paramLabel = "DURATION", description = "Run loadlab's own request path this long against "
      + "a loopback server in this process before the test (and before a runner reports ready), so the test's first "
      + "seconds run compiled code (default 1s; 0s: none). Nothing of it reaches the target or the results.")
  String warmUp = "1s";

  @Option(names = "--insecure-skip-tls-verify", description = "Accept any TLS certificate.")
  boolean insecure;

  @Option(names = "--configmap-dir", paramLabel = "DIR", description = "Where the ConfigMaps steps name are (a gRPC "
      + "schema.configMapKeyRef): DIR/NAME/KEY. Runner pods get them mounted under /etc/loadlab-configmaps.")
  java.nio.file.Path configMapDir;

  @Option(names = "--termination-log", paramLabel = "FILE", description = "Write why the run could not start (an "
      + "invalid test, a gRPC method the server lacks) to FILE as well: Kubernetes' terminationMessagePath, so the "
      + "LoadTest's status says it.")
  java.nio.file.Path terminationLog;

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
      plan = TestPlan.compile(test, new Segment(runnerIndex, runnerCount), LocalEnvironment.environment(test, file));
    } catch (InvalidResourceException | IllegalArgumentException | java.io.UncheckedIOException e) {
      return invalid(err, e.getMessage());
    }
    if (baselineRecord != null) {
      try {
        var record = dev.loadlab.results.record.RunRecordCodec.read(java.nio.file.Files.readAllBytes(baselineRecord));
        baseline = new dev.loadlab.results.Baselines.Run(record.totals, record.durationSeconds,
            "run " + record.run + " of " + record.name + " (" + baselineRecord + ")");
      } catch (java.io.IOException | IllegalArgumentException e) {
        err.println("✗ --baseline " + baselineRecord + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
            : e.getMessage()));
        err.flush();
        return LoadlabCommand.EXIT_INVALID;
      }
    }
    Map<String, InetSocketAddress> aliases = new HashMap<>();
    for (String c : connectTo) {
      LocalEnvironment.parseConnectTo(c, aliases);
    }
    DemoTarget demo = null;
    try {
      if (!noDemo && LocalEnvironment.usesDemoHost(test)) {
        // its gRPC services only for a test that calls them: no server to start otherwise
        demo = DemoTarget.start("127.0.0.1", 0, 1, LocalEnvironment.usesDemoGrpc(test) ? 0 : -1);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", demo.port());
        aliases.putIfAbsent(DEMO_HOST + ":8080", local);
        aliases.putIfAbsent(DEMO_HOST + ":80", local);
        if (demo.grpcPort() > 0) {
          aliases.putIfAbsent(DEMO_HOST + ":" + DemoTarget.GRPC_PORT, new InetSocketAddress("127.0.0.1", demo.grpcPort()));
        }
        err.println("demo target: serving " + DEMO_HOST + " at " + demo.baseUrl());
      }
      return new RunSession(this, test, plan, aliases, out, err).run();
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  /** Says why the input is invalid, on stderr and in the termination log; the exit code of invalid input. */
  int invalid(PrintWriter err, String why) {
    err.println("✗ " + why);
    err.flush();
    if (terminationLog != null) {
      try {
        byte[] text = why.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Files.write(terminationLog, java.util.Arrays.copyOf(text, Math.min(text.length, 4096)));
      } catch (java.io.IOException e) {
        err.println("(could not write --termination-log " + terminationLog + ": " + e.getMessage() + ")");
      }
    }
    return LoadlabCommand.EXIT_INVALID;
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
}
