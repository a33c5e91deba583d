package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.EnvVar;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.loadtest.Region;
import dev.loadlab.api.loadtest.RunnerPod;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.dependent.BulkUpdater;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pod per runner, {@code restartPolicy: Never}. Pods are created while the run is Pending or Starting;
 * once it runs, a lost pod is not replaced (a new runner would start from nothing and skew the figures: the
 * run fails instead, naming it). Pods are never updated (pods are immutable; a re-run gets new pods).
 */
// Plain create/update, not server-side apply: SSA on API servers before 1.22 fails on first creation of some kinds.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), useSSA = BooleanWithUndefined.FALSE)
public class RunnerPodsDependent extends KubernetesDependentResource<Pod, LoadTest>
    implements KubernetesBulkDependentResource<Pod, LoadTest>, Creator<Pod, LoadTest>, BulkUpdater<Pod, LoadTest>,
    Deleter<LoadTest> {
  public static final String SCENARIO_DIR = "/etc/loadlab";
  /**
   * Where the ConfigMaps the steps name (gRPC schemas) are mounted, one directory per ConfigMap (beside the scenario's
   * volume, not inside it: a mount point cannot be made in a ConfigMap volume).
   */
  public static final String CONFIGMAP_DIR = "/etc/loadlab-configmaps";
  /** Kubernetes' default terminationMessagePath: the runner writes why it could not run there. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  public RunnerPodsDependent() {
    super(Pod.class);
  }

  /**
   * Past Starting nothing is created, updated or replaced ({@link #desiredResources} is then what exists), so nothing
   * is looked at either: a bulk reconciliation collects and hashes every pod several times, a third of the operator's
   * CPU with 200 runners polled every 2 s (bench/operator-scale.sh). Pods go when {@link RunnersWanted} stops holding.
   */
  @Override
  public ReconcileResult<Pod> reconcile(LoadTest lt, Context<LoadTest> context) {
    Phase phase = lt.getStatus() == null ? null : lt.getStatus().phase;
    if (phase != Phase.Pending && phase != Phase.Starting) {
      return ReconcileResult.noOperation(null);
    }
    return super.reconcile(lt, context);
  }

  /**
   * The pods of the LoadTest's runs, straight from the informer's cache: no set of them is made (the SDK's
   * {@code getSecondaryResources} hashes every pod in full, managed fields included).
   */
  @SuppressWarnings("unchecked")
  static List<Pod> of(LoadTest lt, Context<LoadTest> context) {
    var source = (InformerEventSource<Pod, LoadTest>) context.eventSourceRetriever().getEventSourceFor(Pod.class);
    // found as the SDK finds them: a dependent that is deleted by the workflow (not garbage collected) names its primary
    // in annotations
    String name = lt.getMetadata().getName();
    return source.list(lt.getMetadata().getNamespace(), p -> p.getMetadata().getAnnotations() != null
        && name.equals(p.getMetadata().getAnnotations().get(Mappers.DEFAULT_ANNOTATION_FOR_NAME))).toList();
  }

  @Override
  public Map<ResourceID, Pod> desiredResources(LoadTest lt, Context<LoadTest> context) {
    var existing = getSecondaryResources(lt, context);
    Phase phase = lt.getStatus().phase;
    if (phase != Phase.Pending && phase != Phase.Starting) {
      return existing;
    }
    var pods = new LinkedHashMap<ResourceID, Pod>();
    for (Pod p : build(lt, OperatorSettings.fromConfig())) {
      pods.put(ResourceID.fromResource(p), p);
    }
    return pods;
  }

  /** An existing runner pod is what it should be: pods are immutable, and a re-run has pods of its own. */
  @Override
  public Matcher.Result<Pod> match(Pod actual, Pod desired, LoadTest lt, Context<LoadTest> context) {
    return Matcher.Result.computed(true, actual);
  }

  /** The runner pods of the LoadTest's current run ({@code status.run}, {@code status.totalRunners}). */
  public static List<Pod> build(LoadTest lt, OperatorSettings settings) {
    var spec = lt.getSpec();
    RunnerPod rp = spec.runner == null ? new RunnerPod() : spec.runner;
    int total = lt.getStatus().totalRunners;
    int run = lt.getStatus().run;
    List<Region> regions = spec.regions == null || spec.regions.isEmpty() ? List.of(defaultRegion(total)) : spec.regions;
    var pods = new ArrayList<Pod>();
    int index = 0;
    for (Region region : regions) {
      int n = region.runners == null ? 1 : region.runners;
      for (int i = 0; i < n && index < total; i++, index++) {
        pods.add(pod(lt, rp, region, run, index, total, settings));
      }
    }
    return pods;
  }

  private static Region defaultRegion(int runners) {
    var r = new Region();
    r.name = "default";
    r.runners = runners;
    return r;
  }

  public static int port(LoadTest lt, OperatorSettings settings) {
    return lt.getSpec().metrics != null && lt.getSpec().metrics.port != null ? lt.getSpec().metrics.port : settings.runnerPort();
  }

  /**
   * The runners' control API port: the operator's ({@code loadlab.runner.control-port}, 9091), or the metrics port + 1
   * when spec.metrics.port takes that one.
   */
  public static int controlPort(LoadTest lt, OperatorSettings settings) {
    int metrics = port(lt, settings);
    return settings.runnerControlPort() == metrics ? metrics + 1 : settings.runnerControlPort();
  }

  private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();

  /** A runner pod's own control-API token: 128 random bits, in its environment only (no Secret to read). */
  private static String token() {
    byte[] b = new byte[16];
    TOKENS.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private static Pod pod(LoadTest lt, RunnerPod rp, Region region, int run, int index, int total, OperatorSettings settings) {
    int port = port(lt, settings);
    int control = controlPort(lt, settings);
    var labels = new LinkedHashMap<String, String>();
    if (rp.labels != null) {
      labels.putAll(rp.labels);
    }
    labels.putAll(Labels.common(lt, "runner"));
    labels.put(Labels.RUNNER, Integer.toString(index));
    labels.put(Labels.REGION, region.name);
    labels.put(Labels.RUN, Integer.toString(run));
    var annotations = new LinkedHashMap<String, String>();
    if (rp.annotations != null) {
      annotations.putAll(rp.annotations);
    }
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(port));
    annotations.put("prometheus.io/path", "/metrics");
    var nodeSelector = new TreeMap<String, String>();
    if (rp.nodeSelector != null) {
      nodeSelector.putAll(rp.nodeSelector);
    }
    if (region.nodeSelector != null) {
      nodeSelector.putAll(region.nodeSelector);
    }
    var tolerations = new ArrayList<Toleration>();
    if (rp.tolerations != null) {
      tolerations.addAll(rp.tolerations);
    }
    if (region.tolerations != null) {
      tolerations.addAll(region.tolerations);
    }
    var env = new ArrayList<io.fabric8.kubernetes.api.model.EnvVar>();
    env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
        .endFieldRef().endValueFrom().build());
    env.add(new EnvVarBuilder().withName("LOADLAB_RUNNER_INDEX").withValue(Integer.toString(index)).build());
    env.add(new EnvVarBuilder().withName("LOADLAB_RUNNER_COUNT").withValue(Integer.toString(total)).build());
    env.add(new EnvVarBuilder().withName("LOADLAB_REGION").withValue(region.name).build());
    env.add(new EnvVarBuilder().withName(dev.loadlab.operator.lifecycle.RunnerPodState.CONTROL_TOKEN).withValue(token()).build());
    if (lt.getSpec().env != null) {
      lt.getSpec().env.forEach(e -> env.add(envVar(e)));
    }
    var resources = rp.resources != null ? rp.resources : new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("512Mi"))
        .addToLimits("memory", new Quantity("1Gi")).build();
    var args = new java.util.ArrayList<>(List.of("run", SCENARIO_DIR + "/" + ScenarioConfigMapDependent.KEY, "--await-start",
        "--quiet", "--port=" + port, "--control-port=" + control, "--listen=$(POD_IP)", "--runner-index=" + index, "--runner-count=" + total,
        "--linger=" + settings.runnerLinger().toSeconds() + "s", "--termination-log=" + TERMINATION_LOG));
    // ConfigMaps the steps read (gRPC schemas), each mounted at CONFIGMAP_DIR/NAME
    var configMaps = List.copyOf(lt.getSpec().grpcSchemaConfigMaps());
    if (!configMaps.isEmpty()) {
      args.add("--configmap-dir=" + CONFIGMAP_DIR);
    }
    var container = new ContainerBuilder()
        .withName("runner")
        .withImage(rp.image != null ? rp.image : settings.runnerImage())
        .withImagePullPolicy(rp.imagePullPolicy == null ? null : rp.imagePullPolicy.name())
        // $(POD_IP) is expanded by the kubelet: the runner listens on its pod's address only
        .withArgs(args)
        .withEnv(env)
        // why a runner could not start (an invalid test, a gRPC method the server lacks) reaches the LoadTest's status
        .withTerminationMessagePath(TERMINATION_LOG).withTerminationMessagePolicy("FallbackToLogsOnError")
        .addNewPort().withName("metrics").withContainerPort(port).withProtocol("TCP").endPort()
        // the control API (start, stop, results): only the operator's, with the pod's token (and the NetworkPolicy)
        .addNewPort().withName("control").withContainerPort(control).withProtocol("TCP").endPort()
        .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withNewPort("metrics").endHttpGet()
        .withPeriodSeconds(1).withFailureThreshold(3).endReadinessProbe()
        .withResources(resources)
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewVolumeMount().withName("scenario").withMountPath(SCENARIO_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .addAllToVolumeMounts(java.util.stream.IntStream.range(0, configMaps.size()).mapToObj(i -> new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
            .withName("configmap-" + i).withMountPath(CONFIGMAP_DIR + "/" + configMaps.get(i)).withReadOnly(true).build()).toList())
        .build();
    return new PodBuilder()
        .withNewMetadata().withName(Labels.podName(lt, run, index)).withNamespace(lt.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(rp.serviceAccountName)
        .withAutomountServiceAccountToken(false)
        .withHostname(Labels.podName(lt, run, index)).withSubdomain(Labels.serviceName(lt))
        .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
        .withTolerations(tolerations)
        .withAffinity(rp.affinity)
        .withTerminationGracePeriodSeconds(30L)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withRunAsGroup(65532L)
        .withFsGroup(65532L).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .withContainers(container)
        .addNewVolume().withName("scenario").withNewConfigMap().withName(Labels.configMapName(lt)).endConfigMap().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .addAllToVolumes(java.util.stream.IntStream.range(0, configMaps.size()).mapToObj(i -> new io.fabric8.kubernetes.api.model.VolumeBuilder()
            .withName("configmap-" + i).withNewConfigMap().withName(configMaps.get(i)).endConfigMap().build()).toList())
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.EnvVar envVar(EnvVar e) {
    var b = new EnvVarBuilder().withName(e.name);
    if (e.valueFrom == null) {
      return b.withValue(e.value).build();
    }
    if (e.valueFrom.secretKeyRef != null) {
      var ref = e.valueFrom.secretKeyRef;
      return b.withNewValueFrom().withNewSecretKeyRef(ref.key, ref.name, ref.optional).endValueFrom().build();
    }
    var ref = e.valueFrom.configMapKeyRef;
    return b.withNewValueFrom().withNewConfigMapKeyRef(ref.key, ref.name, ref.optional).endValueFrom().build();
  }
}
