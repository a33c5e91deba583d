package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.validation.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every example LoadTest of {@code examples/}, run on the test cluster the way a 2-core machine can hold it.
 *
 * <p>The examples are written for a cluster (llm-cost runs 2 minutes, regions-and-runner-pods 4.5 minutes on 3
 * runners). Started all at once, a dozen runner JVMs beside the API server, etcd, Prometheus and the operator
 * measured the overloaded machine instead of the demo target. So this suite, and only this suite, applies a
 * test-only override and a schedule; the files users copy are not changed:
 * <ul>
 *   <li>each scenario's timeline ({@code startTime}, {@code duration}, {@code stages[].duration}) is scaled down in
 *       proportion to last at most {@link #MAX_SCENARIO}, so the load keeps its shape, rates and VUs; iteration
 *       counts, limits ({@code maxDuration}, {@code gracefulStop}) and thresholds are left as written;</li>
 *   <li>at most {@link #RUNNER_BUDGET} runner pods run at a time: an example starts once the runners of those
 *       still running leave room for its own (one larger than the budget runs alone).</li>
 * </ul>
 * The shortened spec goes through the project's own validation before it is applied.
 */
final class ExampleRuns {
  static final Duration MAX_SCENARIO = Duration.ofSeconds(20);
  static final int RUNNER_BUDGET = 3;
  /**
   * How long an example may take from its apply to its final phase: the suite's start deadline (30 s), its
   * shortened scenarios and their startTime (at most 20 s), a graceful stop (at most 10 s in the examples) and
   * the collection of results, with room for a machine that another process keeps busy.
   */
  static final Duration EXAMPLE_DEADLINE = Duration.ofSeconds(150);
  static final Path DIR = Path.of("..", "examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** An example LoadTest file, its name in the cluster, the shortened spec applied, and its runner pods. */
  record Example(String file, String name, String namespace, String yaml, int runners, List<String> dashboards) {
  }

  /** Where an example ended; {@code wrong} holds why it is not what its file documents, or null. */
  record Outcome(Example example, LoadTest loadTest, String text, String wrong) {
  }

  /** Examples whose outcome is not Succeeded on purpose (documented in the example's header). */
  private static final Map<String, Phase> EXPECTED = Map.of("ecommerce-funnel", Phase.Failed);

  private final TestCluster cluster;

  ExampleRuns(TestCluster cluster) {
    this.cluster = cluster;
  }

  static List<Example> all() throws Exception {
    var examples = new ArrayList<Example>();
    try (var files = Files.list(DIR)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String source = Files.readString(f);
        if (!source.contains("kind: LoadTest")) {
          continue;
        }
        String file = f.getFileName().toString().replace(".yaml", "");
        String yaml = shortened(source, MAX_SCENARIO);
        var lt = (LoadTest) Manifests.read(f + " (shortened)", yaml).get(0);
        examples.add(new Example(file, lt.getMetadata().getName(), "ex-" + file, yaml, lt.getSpec().runnerCount(),
            dashboardsBeside(file)));
      }
    }
    return examples;
  }

  /** The example Dashboards that chart an example's metrics, applied beside its LoadTest. */
  private static List<String> dashboardsBeside(String example) {
    return switch (example) {
      case "llm-cost" -> List.of("dashboard-panels.yaml");
      case "ecommerce-funnel" -> List.of("dashboard-json.yaml", "dashboard-ecommerce.yaml", "dashboards-kustomize");
      case "microservice-health" -> List.of("dashboard-microservice.yaml");
      case "llm-streaming" -> List.of("dashboard-llm-streaming.yaml");
      default -> List.of();
    };
  }

  /**
   * The LoadTest YAML with every scenario's timeline scaled so that it lasts at most {@code max}: startTime,
   * duration and stage durations, by one factor per scenario. Everything else is kept as written.
   */
  static String shortened(String yaml, Duration max) throws Exception {
    var doc = (ObjectNode) YAML.readTree(yaml);
    for (JsonNode scenario : doc.path("spec").path("scenarios")) {
      JsonNode load = scenario.path("load");
      if (!load.isObject()) {
        continue;
      }
      var timed = new ArrayList<ObjectNode>();
      var fields = new ArrayList<String>();
      long totalMs = 0;
      for (String field : List.of("startTime", "duration")) {
        if (load.hasNonNull(field)) {
          timed.add((ObjectNode) load);
          fields.add(field);
          totalMs += Durations.parse(load.get(field).asText()).toMillis();
        }
      }
      for (JsonNode stage : load.path("stages")) {
        timed.add((ObjectNode) stage);
        fields.add("duration");
        totalMs += Durations.parse(stage.path("duration").asText()).toMillis();
      }
      if (totalMs <= max.toMillis()) {
        continue;
      }
      double factor = (double) max.toMillis() / totalMs;
      for (int i = 0; i < timed.size(); i++) {
        long ms = Durations.parse(timed.get(i).get(fields.get(i)).asText()).toMillis();
        // whole 100 ms steps, and never shorter than that: a stage keeps existing
        long scaled = Math.max(100, Math.round(ms * factor / 100) * 100);
        timed.get(i).put(fields.get(i), scaled + "ms");
      }
    }
    return YAML.writeValueAsString(doc);
  }

  /**
   * Applies every example within the runner budget and waits for each to end; returns the outcomes by example
   * file name, in file order. Progress goes to standard error, one line per example as it starts and ends.
   */
  Map<String, Outcome> runAll(List<Example> examples) throws Exception {
    var pending = new ArrayList<>(examples);
    var running = new LinkedHashMap<Example, Long>();
    var outcomes = new TreeMap<String, Outcome>();
    long suiteStart = System.nanoTime();
    while (!pending.isEmpty() || !running.isEmpty()) {
      int busy = running.keySet().stream().mapToInt(Example::runners).sum();
      for (var it = pending.iterator(); it.hasNext(); ) {
        Example e = it.next();
        if (busy == 0 || busy + e.runners() <= RUNNER_BUDGET) {
          it.remove();
          apply(e);
          running.put(e, System.nanoTime());
          busy += e.runners();
          log(suiteStart, "applied " + e.file() + " (" + e.runners() + " runner(s); " + busy + " of " + RUNNER_BUDGET + " in use)");
        }
      }
      for (var it = running.entrySet().iterator(); it.hasNext(); ) {
        var r = it.next();
        Example e = r.getKey();
        LoadTest lt = cluster.loadTest(e.namespace(), e.name());
        boolean ended = TestCluster.ended(lt);
        boolean late = System.nanoTime() - r.getValue() > EXAMPLE_DEADLINE.toNanos();
        if (ended || late) {
          it.remove();
          Outcome o = outcome(e, lt, late && !ended);
          outcomes.put(e.file(), o);
          log(suiteStart, e.file() + ": " + o.text() + (o.wrong() == null ? "" : "  <-- " + o.wrong()));
          if (!ended) {
            // its runners would hold the budget: stop them
            cluster.kubectl("delete", "lt", e.name(), "-n", e.namespace(), "--wait=false");
          }
        }
      }
      Thread.sleep(500);
    }
    return outcomes;
  }

  private void apply(Example e) throws Exception {
    cluster.namespace(e.namespace());
    // the Secrets the examples read their keys from
    cluster.kubectl("create", "secret", "generic", "openai", "-n", e.namespace(), "--from-literal=apiKey=sk-test");
    cluster.kubectl("create", "secret", "generic", "shop-api", "-n", e.namespace(), "--from-literal=key=k-test");
    Path file = TestCluster.TARGET.resolve("e2e-example-" + e.file() + ".yaml");
    Files.writeString(file, e.yaml());
    var applied = cluster.kubectl("apply", "-n", e.namespace(), "-f", file.toString());
    assertThat(applied.exitCode()).as(e.file() + ": " + applied.output()).isZero();
    for (String dashboard : e.dashboards()) {
      Path source = DIR.resolve(dashboard);
      var d = cluster.kubectl("apply", "-n", e.namespace(), Files.isDirectory(source) ? "-k" : "-f", source.toString());
      assertThat(d.exitCode()).as(e.file() + ", " + dashboard + ": " + d.output()).isZero();
    }
  }

  /** HTTP requests (gRPC calls among them) and WebSocket sessions, which have metrics of their own. */
  private static long exchanges(dev.loadlab.api.loadtest.Summary summary) {
    long sessions = summary.metrics == null ? 0 : summary.metrics.stream().filter(m -> "ws_sessions".equals(m.name))
        .mapToLong(m -> m.value == null ? 0 : m.value.longValue()).sum();
    return (summary.requests == null ? 0 : summary.requests) + sessions;
  }

  private Outcome outcome(Example e, LoadTest lt, boolean late) throws Exception {
    Phase expected = EXPECTED.getOrDefault(e.file(), Phase.Succeeded);
    if (lt == null || lt.getStatus() == null) {
      return new Outcome(e, lt, "no status", "expected " + expected + "; " + runnerLogs(e));
    }
    var s = lt.getStatus();
    String text = s.phase + " (" + s.reason + ": " + s.message + "); record: "
        + (s.record == null ? "none" : s.record.configMap == null ? s.record.error
            : s.record.configMap + ", " + s.record.bytes + " bytes gzipped" + (s.record.dropped == null ? "" : ", dropped " + s.record.dropped));
    String wrong = null;
    if (late) {
      wrong = "still " + s.phase + " " + EXAMPLE_DEADLINE.toSeconds() + " s after it was applied; expected " + expected;
    } else if (s.phase != expected) {
      wrong = "expected " + expected;
    } else if (s.summary == null || exchanges(s.summary) == 0) {
      wrong = "no requests (nor WebSocket sessions) in status.summary";
    } else if (s.record == null || s.record.configMap == null) {
      wrong = "no run record in status.record" + (s.record == null ? "" : ": " + s.record.error);
    } else if (recordProblem(lt) != null) {
      wrong = recordProblem(lt);
    } else if (s.conditions != null && s.conditions.stream().anyMatch(c -> c.type.equals("ReconcileError"))) {
      wrong = "a ReconcileError condition is left in status";
    }
    if (wrong == null) {
      text += "; " + health(lt);
    }
    return new Outcome(e, lt, text, wrong == null ? null : wrong + "; " + runnerLogs(e));
  }

  /**
   * How the runners' health was judged (status.runnerHealth), with the worst of each figure over the runners: the
   * margin the examples leave below spec.runnerHealth's limits, printed in the suite's table.
   */
  private static String health(LoadTest lt) {
    var h = lt.getStatus().runnerHealth;
    if (h == null || h.runners == null) {
      return "runner health: " + (h == null ? "none in status" : h.verdict);
    }
    double lag = 0;
    double cpu = 0;
    double gc = 0;
    for (var r : h.runners) {
      lag = Math.max(lag, r.eventLoopLagMs);
      cpu = Math.max(cpu, r.cpuPercent);
      gc = Math.max(gc, r.gcPausePercent);
    }
    return String.format(java.util.Locale.ROOT, "runner health %s (worst): lag p99 %.1f ms, cpu avg %.0f%%, gc %.1f%%",
        h.verdict, lag, cpu, gc);
  }

  /** What is wrong with the run's record, or null: it decodes, its totals are the status', its regions add up. */
  private String recordProblem(LoadTest lt) {
    var s = lt.getStatus();
    var cm = cluster.client.configMaps().inNamespace(lt.getMetadata().getNamespace()).withName(s.record.configMap).get();
    if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey("record.json.gz")) {
      return "no record in ConfigMap " + s.record.configMap;
    }
    var record = dev.loadlab.results.record.RunRecordCodec.read(
        java.util.Base64.getDecoder().decode(cm.getBinaryData().get("record.json.gz")));
    if (record.totals.requests() != s.summary.requests) {
      return "the record's totals (" + record.totals.requests() + " requests) are not the status' (" + s.summary.requests + ")";
    }
    var regions = lt.getSpec().regions == null ? java.util.List.<String>of()
        : lt.getSpec().regions.stream().map(r -> r.name).sorted().toList();
    long inRegions = record.regions.values().stream().mapToLong(dev.loadlab.results.Stats::requests).sum();
    if (!regions.isEmpty() && (!java.util.List.copyOf(record.regions.keySet()).equals(regions) || inRegions != s.summary.requests)) {
      return "the record's regions " + record.regions.keySet() + " (" + inRegions + " requests) are not the spec's " + regions
          + " with the status' " + s.summary.requests + " requests";
    }
    return null;
  }

  private String runnerLogs(Example e) throws Exception {
    return "runner logs:\n" + cluster.kubelet.logs(e.namespace(), 15);
  }

  private static void log(long since, String line) {
    System.err.printf("[examples +%3ds] %s%n", (System.nanoTime() - since) / 1_000_000_000L, line);
  }
}
