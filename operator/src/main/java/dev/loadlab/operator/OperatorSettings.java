package dev.loadlab.operator;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's own settings ({@link LoadlabConfig}: application.properties, or environment variables such as
 * {@code LOADLAB_RUNNER_IMAGE} that the Helm chart sets), read once. A record, so that tests of the pieces build one
 * in a line instead of starting Quarkus.
 */
public record OperatorSettings(
    String runnerImage,
    int runnerPort,
    int runnerControlPort,
    Duration startDeadline,
    Duration unresponsiveAfter,
    Duration pollInterval,
    Duration runnerLinger,
    Duration runnerFinalScrape,
    int historyLimit,
    int recordBudgetBytes,
    RecordBucket recordBucket,
    Map<String, String> podMonitorLabels,
    Grafana grafana,
    RunnerNetworkPolicy networkPolicy) {

  /**
   * A NetworkPolicy per LoadTest over its runner pods ({@code loadlab.runner.network-policy}): their metrics port open
   * to whoever may scrape, their control port to the operator's pods only (those with {@code operatorLabels} in
   * {@code operatorNamespace}), every port to the LoadTest's own runners (the built-in demo target).
   */
  public record RunnerNetworkPolicy(boolean enabled, String operatorNamespace, Map<String, String> operatorLabels) {
  }

  /**
   * Where dashboards go. {@code label}/{@code labelValue}: what the Grafana sidecar selects ConfigMaps on;
   * {@code folder}: the default folder; {@code namespace}: the namespace dashboards are written to (null: each
   * resource's own); {@code grafanaOperatorSelector}: when not empty, dashboards are also declared as
   * grafana-operator {@code GrafanaDashboard}s selecting these Grafana instance labels, and the ConfigMaps lose the
   * sidecar label (one import, not two).
   */
  public record Grafana(String label, String labelValue, String folder, String namespace,
      Map<String, String> grafanaOperatorSelector) {
    public boolean grafanaOperator() {
      return !grafanaOperatorSelector.isEmpty();
    }
  }

  /**
   * An S3-compatible bucket for run records (null: records stay in ConfigMaps). Objects go to
   * {@code prefix/<namespace>/<loadtest>/run-<n>.json.gz}; the credentials come from a Secret through the
   * environment (the chart's {@code records.s3.credentialsSecret}), so the operator needs no access to Secrets.
   */
  public record RecordBucket(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
      String accessKeyId, String secretAccessKey) {
    public String key(String namespace, String loadTest, int run) {
      String p = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("/+$", "") + "/";
      return p + namespace + "/" + loadTest + "/run-" + run + ".json.gz";
    }
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings("ghcr.io/loadlab-dev/loadlab-runner:0.1.0", 9090, 9091, Duration.ofMinutes(5),
        Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(10), 10,
        dev.loadlab.results.record.RecordBudget.CONFIG_MAP_BYTES, null, Map.of(),
        new Grafana("grafana_dashboard", "1", "loadlab", null, Map.of()),
        new RunnerNetworkPolicy(false, null, Map.of()));
  }

  private static volatile OperatorSettings current;

  /** The operator's settings ({@link LoadlabConfig}), read once. */
  public static OperatorSettings fromConfig() {
    OperatorSettings s = current;
    if (s == null) {
      // the mapping as Quarkus registered it (a bean: the reconcilers inject it, which is what registers it)
      s = of(io.quarkus.arc.Arc.container().select(LoadlabConfig.class).get());
      current = s;
    }
    return s;
  }

  public static OperatorSettings of(LoadlabConfig c) {
    var s3 = c.records().s3();
    RecordBucket bucket = s3.bucket().filter(b -> !b.isBlank()).map(b -> new RecordBucket(
        s3.endpoint().filter(e -> !e.isBlank()).orElse(null), s3.region(), b, s3.prefix(), s3.pathStyle(),
        s3.accessKeyId().orElse(null), s3.secretAccessKey().orElse(null))).orElse(null);
    var g = c.grafana();
    return new OperatorSettings(c.runner().image(), c.runner().port(), c.runner().controlPort(), c.startDeadline(),
        c.unresponsiveAfter(), c.pollInterval(), c.runner().linger(), c.runner().finalScrape(), c.historyLimit(),
        // at most the default: a ConfigMap holds 1 MiB, and the record is base64-encoded in it
        Math.min(dev.loadlab.results.record.RecordBudget.CONFIG_MAP_BYTES, c.records().maxBytes()), bucket,
        labels(c.podMonitor().labels()),
        new Grafana(g.sidecarLabel(), g.sidecarLabelValue(), g.folder(), g.namespace().filter(n -> !n.isBlank()).orElse(null),
            labels(g.grafanaOperator().instanceSelector())),
        new RunnerNetworkPolicy(c.runner().networkPolicy(),
            c.operator().namespace().filter(n -> !n.isBlank()).orElse(System.getenv("POD_NAMESPACE")),
            labels(c.operator().podLabels())));
  }

  /** {@code a=b,c=d} into a map (empty when not set). */
  static Map<String, String> labels(java.util.Optional<String> value) {
    Map<String, String> labels = new TreeMap<>();
    value.ifPresent(s -> {
      for (String pair : s.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    });
    return Map.copyOf(labels);
  }
}
