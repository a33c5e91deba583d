package dev.loadlab.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Several operator replicas, one leader: a Kubernetes Lease ({@code loadlab.leader-election.lease-name}, in the
 * operator's namespace) held through the operator SDK's leader election. Every replica watches; only the Lease holder
 * reconciles, so runs are never driven by two replicas at once. When the leader dies its Lease runs out after
 * {@code lease-duration} and a standby takes over within {@code retry-period} more, picking each run up from its
 * status and its runners. A leader that cannot renew within {@code renew-deadline} exits rather than drive runs it
 * may no longer own; one stopped with SIGTERM exits at once.
 */
// Unremovable: the SDK looks the bean up by type at start, which does not keep Arc from removing an unused bean
@Singleton
@Unremovable
public class LeaderElection extends LeaderElectionConfiguration {
  private static final Logger LOG = Logger.getLogger(LeaderElection.class);

  @Inject
  public LeaderElection(LoadlabConfig config, KubernetesClient client, OperatorMetrics metrics) {
    this(config.leaderElection(), client, metrics, identity(config.leaderElection()));
  }

  private LeaderElection(LoadlabConfig.LeaderElection c, KubernetesClient client, OperatorMetrics metrics, String identity) {
    super(c.leaseName(), namespace(c, client), c.leaseDuration(), c.renewDeadline(), c.retryPeriod(), identity,
        new LeaderCallbacks(() -> {
          LOG.infof("leader election: %s started leading", identity);
          metrics.leader(true);
        }, () -> {
          LOG.infof("leader election: %s stopped leading; exiting", identity);
          metrics.leader(false);
          exit();
        }, leader -> LOG.infof("leader election: the leader is %s", leader)),
        false);
  }

  /**
   * A leader that stopped leading exits (Kubernetes restarts it as a standby). Not the SDK's own exit: it calls
   * System.exit where it is told, and when the operator stops on SIGTERM that is inside the JVM's shutdown, where an
   * exit waits for itself for ever (the pod then lingers until SIGKILL, after its grace period). From a thread of its
   * own, an exit during shutdown just waits while the shutdown ends the process.
   */
  private static void exit() {
    var exit = new Thread(() -> System.exit(1), "leader-election-exit");
    exit.setDaemon(true);
    exit.start();
  }

  /** The chart's POD_NAMESPACE (downward API), else {@code loadlab.leader-election.namespace}, else the client's. */
  private static String namespace(LoadlabConfig.LeaderElection c, KubernetesClient client) {
    return Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank())
        .or(() -> c.namespace().filter(s -> !s.isBlank()))
        .or(() -> Optional.ofNullable(client.getNamespace()))
        .orElse("default");
  }

  /** loadlab.leader-election.identity, else the chart's POD_NAME, else pid@host: unique per replica, readable in the Lease. */
  private static String identity(LoadlabConfig.LeaderElection c) {
    return c.identity().filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(System.getenv("POD_NAME")).filter(s -> !s.isBlank()))
        .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
  }
}
