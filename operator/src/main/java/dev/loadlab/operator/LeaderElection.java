package dev.loadlab.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Several operator replicas, one leader: a Kubernetes Lease ({@code loadlab.leader-election.lease-name}, in the
 * operator's namespace) held through the operator SDK's leader election. Every replica watches; only the Lease holder
 * reconciles, so runs are never driven by two replicas at once. When the leader dies its Lease runs out after
 * {@code lease-duration} and a standby takes over within {@code retry-period} more, picking each run up from its
 * status and its runners. A leader that cannot renew within {@code renew-deadline} exits (the SDK's default) rather
 * than drive runs it may no longer own.
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {
  private static final Logger LOG = Logger.getLogger(LeaderElection.class);

  public LeaderElection(KubernetesClient client, OperatorMetrics metrics) {
    this(ConfigProvider.getConfig(), client, metrics, identity(ConfigProvider.getConfig()));
  }

  private LeaderElection(Config c, KubernetesClient client, OperatorMetrics metrics, String identity) {
    super(c.getOptionalValue("loadlab.leader-election.lease-name", String.class).orElse("loadlab-operator"),
        namespace(c, client),
        c.getOptionalValue("loadlab.leader-election.lease-duration", Duration.class).orElse(Duration.ofSeconds(15)),
        c.getOptionalValue("loadlab.leader-election.renew-deadline", Duration.class).orElse(Duration.ofSeconds(10)),
        c.getOptionalValue("loadlab.leader-election.retry-period", Duration.class).orElse(Duration.ofSeconds(2)),
        identity,
        new LeaderCallbacks(() -> {
          LOG.infof("leader election: %s started leading", identity);
          metrics.leader(true);
        }, () -> {
          LOG.infof("leader election: %s stopped leading", identity);
          metrics.leader(false);
        }, leader -> LOG.infof("leader election: the leader is %s", leader)),
        true);
  }

  /** The chart's POD_NAMESPACE (downward API), else {@code loadlab.leader-election.namespace}, else the client's. */
  private static String namespace(Config c, KubernetesClient client) {
    return Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank())
        .or(() -> c.getOptionalValue("loadlab.leader-election.namespace", String.class).filter(s -> !s.isBlank()))
        .or(() -> Optional.ofNullable(client.getNamespace()))
        .orElse("default");
  }

  /** The chart's POD_NAME, else the host name and process id: unique per replica, readable in the Lease. */
  private static String identity(Config c) {
    return c.getOptionalValue("loadlab.leader-election.identity", String.class).filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(System.getenv("POD_NAME")).filter(s -> !s.isBlank()))
        .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
  }
}
