package dev.loadlab.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code loadlab.*} setting of the operator, with its default, in one place (application.properties, or the
 * environment: {@code LOADLAB_RUNNER_IMAGE}, {@code LOADLAB_POLL_INTERVAL}, ... as the Helm chart sets them). Read once,
 * into {@link OperatorSettings} (the pieces take that record, so tests build one in a line), and by
 * {@link LeaderElection}. docs/operator.md, "Operator settings", lists them.
 */
@ConfigMapping(prefix = "loadlab")
public interface LoadlabConfig {
  Runner runner();

  /** Runner pods must be Ready within this. */
  @WithDefault("5m")
  Duration startDeadline();

  /** A runner silent this long fails the run. */
  @WithDefault("30s")
  Duration unresponsiveAfter();

  /** How often runners are polled while running. */
  @WithDefault("2s")
  Duration pollInterval();

  /** Runs kept in status.history, and their records. */
  @WithDefault("10")
  int historyLimit();

  Records records();

  PodMonitor podMonitor();

  Grafana grafana();

  Operator operator();

  LeaderElection leaderElection();

  interface Runner {
    @WithDefault("ghcr.io/loadlab-dev/loadlab-runner:0.1.0")
    String image();

    @WithDefault("9090")
    int port();

    @WithDefault("9091")
    int controlPort();

    @WithDefault("10m")
    Duration linger();

    @WithDefault("10s")
    Duration finalScrape();

    @WithDefault("false")
    boolean networkPolicy();
  }

  interface Records {
    /** At most the default: a ConfigMap holds 1 MiB, and the record is base64-encoded in it. */
    @WithDefault("716800")
    int maxBytes();

    S3 s3();
  }

  interface S3 {
    Optional<String> bucket();

    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    @WithDefault("loadlab")
    String prefix();

    @WithDefault("true")
    boolean pathStyle();

    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();
  }

  interface PodMonitor {
    /** {@code k=v,k2=v2}: e.g. {@code release=kube-prometheus-stack}. */
    Optional<String> labels();
  }

  interface Grafana {
    @WithDefault("grafana_dashboard")
    String sidecarLabel();

    @WithDefault("1")
    String sidecarLabelValue();

    @WithDefault("loadlab")
    String folder();

    Optional<String> namespace();

    GrafanaOperator grafanaOperator();
  }

  interface GrafanaOperator {
    /** {@code k=v,...}: the Grafana instances' labels. */
    Optional<String> instanceSelector();
  }

  interface Operator {
    /** The operator's namespace (the chart sets POD_NAMESPACE instead). */
    Optional<String> namespace();

    /** {@code k=v,...}: the operator pods' labels, for the runners' NetworkPolicy. */
    Optional<String> podLabels();
  }

  interface LeaderElection {
    @WithDefault("loadlab-operator")
    String leaseName();

    /** The Lease's namespace: POD_NAMESPACE, else this, else the client's. */
    Optional<String> namespace();

    /** This replica's name in the Lease: POD_NAME, else this, else pid@host. */
    Optional<String> identity();

    @WithDefault("15s")
    Duration leaseDuration();

    @WithDefault("10s")
    Duration renewDeadline();

    @WithDefault("2s")
    Duration retryPeriod();
  }
}
