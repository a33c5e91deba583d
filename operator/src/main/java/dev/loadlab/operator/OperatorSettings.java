package dev.loadlab.operator;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The operator's own settings (application.properties, or environment variables such as
 * {@code LOADLAB_RUNNER_IMAGE} that the Helm chart sets). A record, so that tests of the pieces build one
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

  /** From MicroProfile config: {@code loadlab.runner.image}, {@code loadlab.start-deadline}, ... */
  public static OperatorSettings fromConfig() {
    Config c = ConfigProvider.getConfig();
    OperatorSettings d = defaults();
    // "release=kube-prometheus-stack,team=perf": kube-prometheus-stack selects PodMonitors on its release label
    Map<String, String> labels = labels(c, "loadlab.pod-monitor.labels");
    return new OperatorSettings(
        c.getOptionalValue("loadlab.runner.image", String.class).orElse(d.runnerImage),
        c.getOptionalValue("loadlab.runner.port", Integer.class).orElse(d.runnerPort),
        c.getOptionalValue("loadlab.runner.control-port", Integer.class).orElse(d.runnerControlPort),
        c.getOptionalValue("loadlab.start-deadline", Duration.class).orElse(d.startDeadline),
        c.getOptionalValue("loadlab.unresponsive-after", Duration.class).orElse(d.unresponsiveAfter),
        c.getOptionalValue("loadlab.poll-interval", Duration.class).orElse(d.pollInterval),
        c.getOptionalValue("loadlab.runner.linger", Duration.class).orElse(d.runnerLinger),
        c.getOptionalValue("loadlab.runner.final-scrape", Duration.class).orElse(d.runnerFinalScrape),
        c.getOptionalValue("loadlab.history-limit", Integer.class).orElse(d.historyLimit),
        // at most the default: a ConfigMap holds 1 MiB, and the record is base64-encoded in it
        Math.min(d.recordBudgetBytes, c.getOptionalValue("loadlab.records.max-bytes", Integer.class).orElse(d.recordBudgetBytes)),
        recordBucket(c),
        labels,
        new Grafana(
            c.getOptionalValue("loadlab.grafana.sidecar-label", String.class).orElse(d.grafana.label()),
            c.getOptionalValue("loadlab.grafana.sidecar-label-value", String.class).orElse(d.grafana.labelValue()),
            c.getOptionalValue("loadlab.grafana.folder", String.class).orElse(d.grafana.folder()),
            c.getOptionalValue("loadlab.grafana.namespace", String.class).filter(s -> !s.isBlank()).orElse(null),
            labels(c, "loadlab.grafana.grafana-operator.instance-selector")),
        new RunnerNetworkPolicy(
            c.getOptionalValue("loadlab.runner.network-policy", Boolean.class).orElse(false),
            c.getOptionalValue("loadlab.operator.namespace", String.class).filter(s -> !s.isBlank())
                .orElse(System.getenv("POD_NAMESPACE")),
            labels(c, "loadlab.operator.pod-labels")));
  }

  private static RecordBucket recordBucket(Config c) {
    String bucket = c.getOptionalValue("loadlab.records.s3.bucket", String.class).filter(b -> !b.isBlank()).orElse(null);
    if (bucket == null) {
      return null;
    }
    return new RecordBucket(
        c.getOptionalValue("loadlab.records.s3.endpoint", String.class).filter(e -> !e.isBlank()).orElse(null),
        c.getOptionalValue("loadlab.records.s3.region", String.class).orElse("us-east-1"),
        bucket,
        c.getOptionalValue("loadlab.records.s3.prefix", String.class).orElse("loadlab"),
        c.getOptionalValue("loadlab.records.s3.path-style", Boolean.class).orElse(true),
        c.getOptionalValue("loadlab.records.s3.access-key-id", String.class).orElse(null),
        c.getOptionalValue("loadlab.records.s3.secret-access-key", String.class).orElse(null));
  }

  /** {@code a=b,c=d} into a map (empty when not set). */
  private static Map<String, String> labels(Config c, String key) {
    Map<String, String> labels = new TreeMap<>();
    c.getOptionalValue(key, String.class).ifPresent(s -> {
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
