package dev.loadlab.operator.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.OwnedObjects;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.OperatorMetrics;
import dev.loadlab.operator.lifecycle.Conditions;
import dev.loadlab.operator.lifecycle.RunLifecycle;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.records.RunRecordStore;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.operator.runners.RunnerClient;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reconciles a LoadTest: the workflow keeps the scenario ConfigMap, the headless Service, the runner pods, the
 * NetworkPolicy and (where the Prometheus Operator is installed) the PodMonitor as the run needs them, and the
 * generated dashboard (its ConfigMap, and with grafana-operator its GrafanaDashboard; also in Grafana's namespace, hence
 * the finalizer: the workflow deletes them), and carries out what the last status change left in the
 * {@link RunOutbox} (the run's record, the Events) and spec.cleanup.ttlSecondsAfterFinished; {@link RunLifecycle}
 * moves the run along; this class only reads and writes the status (when it changed, from a fresh object). A dashboard
 * that cannot be written is said in {@code status.objects.dashboardProblem}, and the run goes on.
 */
@Workflow(dependents = {
    @Dependent(name = "scenario", type = ScenarioConfigMapDependent.class, reconcilePrecondition = RunnersWanted.class),
    @Dependent(name = "service", type = RunnerServiceDependent.class, reconcilePrecondition = RunnersWanted.class),
    @Dependent(name = "pod-monitor", type = PodMonitorDependent.class, reconcilePrecondition = RunnersWanted.class,
        activationCondition = PodMonitorDependent.Installed.class),
    @Dependent(name = "network-policy", type = RunnerNetworkPolicyDependent.class, reconcilePrecondition = RunnersWanted.class,
        activationCondition = RunnerNetworkPolicyDependent.Enabled.class),
    @Dependent(name = "pods", type = RunnerPodsDependent.class, reconcilePrecondition = RunnersWanted.class,
        dependsOn = "scenario"),
    @Dependent(name = LoadTestReconciler.DASHBOARD, type = GeneratedDashboardDependent.class,
        reconcilePrecondition = DashboardDependent.Wanted.class, readyPostcondition = DashboardDependent.Written.class),
    @Dependent(name = LoadTestReconciler.GRAFANA_DASHBOARD, type = GeneratedGrafanaDashboardDependent.class,
        reconcilePrecondition = DashboardDependent.Wanted.class, activationCondition = GeneratedGrafanaDashboardDependent.Installed.class,
        dependsOn = LoadTestReconciler.DASHBOARD),
    @Dependent(name = "record", type = RunRecordDependent.class, reconcilePrecondition = RunRecordDependent.Due.class),
    @Dependent(name = "events", type = RunEventsDependent.class, reconcilePrecondition = RunEventsDependent.Due.class),
    @Dependent(name = "ttl", type = TtlAfterFinishedDependent.class, reconcilePrecondition = TtlAfterFinishedDependent.Expired.class),
})
// Not generation-aware: a new value of the loadlab.dev/run annotation must reach reconcile() too; the operator's own
// status writes do not (NotOwnStatusWrite).
// Rechecked at least every minute whatever happens: a run must never wait for an event that does not come.
@ControllerConfiguration(name = "loadtest", generationAwareEventProcessing = false,
    informer = @Informer(name = "loadtests", onUpdateFilter = NotOwnStatusWrite.class),
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 60, timeUnit = java.util.concurrent.TimeUnit.SECONDS))
public class LoadTestReconciler implements Reconciler<LoadTest>, Cleaner<LoadTest> {
  static final String DASHBOARD = "dashboard";
  static final String GRAFANA_DASHBOARD = "grafana-dashboard";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How soon the workflow carries out what the last status change left in the {@link RunOutbox}. */
  static final Duration OUTBOX_DELAY = Duration.ofMillis(100);

  private final OperatorSettings settings;
  private final RunLifecycle lifecycle;
  private final OperatorMetrics metrics;

  public LoadTestReconciler(OperatorMetrics metrics, io.fabric8.kubernetes.client.KubernetesClient client,
      dev.loadlab.operator.LoadlabConfig config, io.vertx.core.Vertx vertx) {
    this.metrics = metrics;
    this.settings = OperatorSettings.of(config);
    var baselines = new dev.loadlab.operator.records.RecordBaselines(new RunRecordStore(settings), client);
    this.lifecycle = new RunLifecycle(new RunnerClient(vertx, Duration.ofSeconds(5)), settings, Clock.systemUTC(), baselines::forRun);
  }

  @Override
  public UpdateControl<LoadTest> reconcile(LoadTest lt, Context<LoadTest> context) {
    String dashboardProblem = DashboardDependent.problem(context);
    LoadTestStatus before = lt.getStatus() == null ? new LoadTestStatus() : lt.getStatus();
    LoadTestStatus next = JSON.convertValue(before, LoadTestStatus.class);
    RecordStatus written = RunOutbox.takeWritten(lt, next.run);
    if (written != null) {
      next.record = written; // before advancing: an ended run whose record is written is not collected again
    }
    List<Pod> pods = RunnerPodsDependent.of(lt, context);
    var step = lifecycle.advance(lt, next, pods);
    if (step.record() != null) {
      RunOutbox.keep(lt, next, step.record(), runnerPods(next, pods, step.record()));
    }
    if (step.transitions().stream().anyMatch(t -> t.to() == Phase.Pending)) {
      RunOutbox.prune(lt); // the new run's history may have dropped a run
    }
    RunOutbox.announce(lt, step.transitions());
    boolean runnersWanted = RunnersWanted.wanted(withStatus(lt, next), Instant.now(), settings.runnerFinalScrape());
    String podMonitor = runnersWanted ? PodMonitorDependent.name(context) : null;
    next.objects = owned(lt, next, pods, runnersWanted, podMonitor, GeneratedDashboardDependent.where(lt, context), dashboardProblem);
    count(lt, next, step.transitions());
    Duration recheck = earliest(step.recheck(), TtlAfterFinishedDependent.left(lt, next, Instant.now()));
    if (RunOutbox.busy(lt)) {
      recheck = earliest(recheck, OUTBOX_DELAY);
    }
    UpdateControl<LoadTest> control = JSON.valueToTree(before).equals(JSON.valueToTree(next))
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(fresh(lt, next));
    return recheck == null ? control : control.rescheduleAfter(recheck.compareTo(OUTBOX_DELAY) < 0 ? OUTBOX_DELAY : recheck);
  }

  /** The operator's own metrics (in memory, served on /q/metrics). */
  private void count(LoadTest lt, LoadTestStatus next, List<dev.loadlab.operator.lifecycle.Transition> transitions) {
    for (var t : transitions) {
      if (t.to() == Phase.Pending) {
        metrics.runStarted();
      } else if (Conditions.isFinal(t.to())) {
        metrics.runEnded(t.to(), t.reason());
      }
    }
    String key = lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName();
    metrics.runners(key, next.phase == Phase.Running || next.phase == Phase.Starting ? next.totalRunners : 0);
  }

  private static Duration earliest(Duration a, Duration b) {
    return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public ErrorStatusUpdateControl<LoadTest> updateErrorStatus(LoadTest lt, Context<LoadTest> context, Exception e) {
    metrics.reconcileError(e.getClass().getSimpleName());
    LoadTestStatus s = lt.getStatus() == null ? new LoadTestStatus() : JSON.convertValue(lt.getStatus(), LoadTestStatus.class);
    // A condition of its own, so the run's reason and message stay; the next good reconciliation drops it.
    var error = new dev.loadlab.api.common.Condition();
    error.type = "ReconcileError";
    error.status = "True";
    error.reason = e.getClass().getSimpleName();
    error.message = "retrying: " + e.getMessage();
    error.lastTransitionTime = Instant.now().toString();
    error.observedGeneration = lt.getMetadata().getGeneration();
    var conditions = new java.util.ArrayList<dev.loadlab.api.common.Condition>();
    if (s.conditions != null) {
      s.conditions.stream().filter(c -> !"ReconcileError".equals(c.type)).forEach(conditions::add);
    }
    conditions.add(error);
    s.conditions = conditions;
    return ErrorStatusUpdateControl.patchStatus(fresh(lt, s));
  }

  /**
   * The workflow deletes the runner pods and the dashboard (in Grafana's namespace no garbage collection reaches it);
   * the scenario ConfigMap, the Service and the run records go by garbage collection.
   */
  @Override
  public DeleteControl cleanup(LoadTest lt, Context<LoadTest> context) {
    GeneratedDashboardDependent.forget(lt);
    RunOutbox.forget(lt);
    lifecycle.forget(lt);
    metrics.runners(lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName(), 0);
    return DeleteControl.defaultDelete();
  }

  private static OwnedObjects owned(LoadTest lt, LoadTestStatus s, List<Pod> pods, boolean runnersWanted, String podMonitor,
      String dashboard, String dashboardProblem) {
    var o = new OwnedObjects();
    boolean running = s.phase != Phase.Invalid && s.run != null;
    if (running && (runnersWanted || !pods.isEmpty())) {
      o.configMap = Labels.configMapName(lt);
      o.service = Labels.serviceName(lt);
      o.pods = pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
      o.podMonitor = podMonitor;
    }
    // the generated dashboard outlives the runners: it is how the run is looked at afterwards
    o.dashboardConfigMap = dashboard;
    o.dashboardProblem = dashboardProblem;
    return o.configMap == null && o.dashboardConfigMap == null && o.dashboardProblem == null ? null : o;
  }

  /** The run's runners by index, with their region (those gone meanwhile named from what was collected). */
  private static List<RunRecord.Runner> runnerPods(LoadTestStatus s, List<Pod> pods, MergedResults merged) {
    String run = String.valueOf(s.run);
    List<RunRecord.Runner> runners = pods.stream()
        .filter(p -> p.getMetadata().getLabels() != null && run.equals(p.getMetadata().getLabels().get(Labels.RUN)))
        .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getMetadata().getLabels().getOrDefault(Labels.RUNNER, "0"))))
        .map(p -> new RunRecord.Runner(p.getMetadata().getName(),
            Integer.parseInt(p.getMetadata().getLabels().getOrDefault(Labels.RUNNER, "0")),
            p.getMetadata().getLabels().get(Labels.REGION), merged.collected().contains(p.getMetadata().getName()),
            merged.health().get(p.getMetadata().getName())))
        .toList();
    if (!runners.isEmpty()) {
      return runners;
    }
    var collected = merged.collected();
    return java.util.stream.IntStream.range(0, collected.size())
        .mapToObj(i -> new RunRecord.Runner(collected.get(i), i, null, true, merged.health().get(collected.get(i)))).toList();
  }

  private static LoadTest withStatus(LoadTest lt, LoadTestStatus s) {
    var copy = new LoadTest();
    copy.setMetadata(lt.getMetadata());
    copy.setSpec(lt.getSpec());
    copy.setStatus(s);
    return copy;
  }

  /**
   * Only name, namespace and status; the resourceVersion makes the patch fail with a conflict (and the
   * reconciliation retry on fresh data) if the status changed since it was read, instead of overwriting a newer one.
   */
  private static LoadTest fresh(LoadTest lt, LoadTestStatus status) {
    var f = new LoadTest();
    f.setMetadata(new ObjectMetaBuilder().withName(lt.getMetadata().getName())
        .withNamespace(lt.getMetadata().getNamespace()).withResourceVersion(lt.getMetadata().getResourceVersion()).build());
    f.setStatus(status);
    return f;
  }
}
