package dev.loadlab.operator.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner pods the operator asks for, from the regions example (three runners in two regions). */
class RunnerPodsTest {
  private static LoadTest example(String file, int run) {
    LoadTest lt = Manifests.readLoadTest(Path.of("..", "examples", file));
    lt.getMetadata().setNamespace("perf");
    lt.setStatus(new LoadTestStatus());
    lt.getStatus().phase = Phase.Pending;
    lt.getStatus().run = run;
    lt.getStatus().totalRunners = lt.getSpec().runnerCount();
    return lt;
  }

  @Test
  void theRunnersServiceServesThePortThePodsListenOn() {
    LoadTest lt = example("quickstart.yaml", 1);
    assertThat(RunnerServiceDependent.build(lt, OperatorSettings.defaults()).getSpec().getPorts().get(0).getPort())
        .isEqualTo(9090);
    lt.getSpec().metrics = new dev.loadlab.api.loadtest.MetricsSettings();
    lt.getSpec().metrics.port = 9464;
    Pod pod = RunnerPodsDependent.build(lt, OperatorSettings.defaults()).get(0);
    assertThat(pod.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort()).isEqualTo(9464);
    assertThat(RunnerServiceDependent.build(lt, OperatorSettings.defaults()).getSpec().getPorts().get(0).getPort())
        .isEqualTo(9464);
  }

  @Test
  void eachRunnerPodHasAControlPortApartFromMetricsAndATokenOfItsOwnThatTheOperatorReadsBack() {
    LoadTest lt = example("regions-and-runner-pods.yaml", 1);
    var pods = RunnerPodsDependent.build(lt, OperatorSettings.defaults());
    var tokens = new java.util.HashSet<String>();
    for (Pod pod : pods) {
      var c = pod.getSpec().getContainers().get(0);
      assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("metrics:9090", "control:9091");
      assertThat(c.getArgs()).contains("--port=9090", "--control-port=9091");
      String token = c.getEnv().stream().filter(e -> e.getName().equals("LOADLAB_CONTROL_TOKEN")).findFirst().orElseThrow().getValue();
      assertThat(token).matches("[0-9a-f]{32}");
      tokens.add(token);
      pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.9").build());
      var state = dev.loadlab.operator.lifecycle.RunnerPodState.of(pod);
      assertThat(state.controlPort()).isEqualTo(9091);
      assertThat(state.token()).isEqualTo(token);
    }
    assertThat(tokens).as("one token per pod").hasSize(pods.size());

    lt.getSpec().metrics = new dev.loadlab.api.loadtest.MetricsSettings();
    lt.getSpec().metrics.port = 9091;
    var c = RunnerPodsDependent.build(lt, OperatorSettings.defaults()).get(0).getSpec().getContainers().get(0);
    assertThat(c.getPorts()).as("metrics on the control port's number: control moves one up")
        .extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("metrics:9091", "control:9092");
  }

  @Test
  void theNetworkPolicyOpensMetricsToAllControlToTheOperatorAndEveryPortToTheTestsOwnRunners() {
    LoadTest lt = example("quickstart.yaml", 1);
    var d = OperatorSettings.defaults();
    var settings = new OperatorSettings(d.runnerImage(), d.runnerPort(), d.runnerControlPort(), d.startDeadline(),
        d.unresponsiveAfter(), d.pollInterval(), d.runnerLinger(), d.runnerFinalScrape(), d.historyLimit(),
        d.recordBudgetBytes(), d.recordBucket(), d.podMonitorLabels(), d.grafana(), new OperatorSettings.RunnerNetworkPolicy(
            true, "loadlab-system", java.util.Map.of("app.kubernetes.io/name", "loadlab-operator")));
    var np = RunnerNetworkPolicyDependent.build(lt, settings);
    var pod = RunnerPodsDependent.build(lt, settings).get(0);
    assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
    var rules = np.getSpec().getIngress();
    assertThat(rules).hasSize(3);
    assertThat(rules.get(0).getFrom()).as("metrics: from anywhere").isNullOrEmpty();
    assertThat(rules.get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9090);
    assertThat(rules.get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(9091);
    var operator = rules.get(1).getFrom().get(0);
    assertThat(operator.getPodSelector().getMatchLabels()).containsExactly(java.util.Map.entry("app.kubernetes.io/name", "loadlab-operator"));
    assertThat(operator.getNamespaceSelector().getMatchLabels()).containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", "loadlab-system"));
    assertThat(rules.get(2).getPorts()).as("the test's own runners: every port").isNullOrEmpty();
    assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(rules.get(2).getFrom().get(0).getPodSelector().getMatchLabels());
  }

  @Test
  void aGrpcSchemaConfigMapIsMountedBesideTheScenarioAndNamedToTheRunner() {
    LoadTest lt = (LoadTest) Manifests.read("grpc.yaml", """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: grpc, namespace: perf}
        spec:
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 1, iterations: 1}
              steps:
                - grpc:
                    target: grpc://api:443
                    method: shop.v1.Catalog/List
                    schema: {configMapKeyRef: {name: shop-protos, key: catalog.protoset}}
                - group:
                    name: g
                    steps:
                      - grpc: {target: "grpc://api:443", method: shop.v1.Cart/Add, schema: {configMapKeyRef: {name: cart-protos, key: a}}}
        """).get(0);
    lt.setStatus(new LoadTestStatus());
    lt.getStatus().run = 1;
    lt.getStatus().totalRunners = 1;
    Pod pod = RunnerPodsDependent.build(lt, OperatorSettings.defaults()).get(0);
    var c = pod.getSpec().getContainers().get(0);
    assertThat(c.getArgs()).contains("--configmap-dir=/etc/loadlab-configmaps");
    assertThat(c.getVolumeMounts()).extracting(m -> m.getName() + " " + m.getMountPath())
        .contains("configmap-0 /etc/loadlab-configmaps/cart-protos", "configmap-1 /etc/loadlab-configmaps/shop-protos");
    assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null)
        .extracting(v -> v.getName() + " " + v.getConfigMap().getName())
        .contains("configmap-0 cart-protos", "configmap-1 shop-protos");
    // without gRPC schemas in ConfigMaps: no such option nor volume
    Pod plain = RunnerPodsDependent.build(example("quickstart.yaml", 1), OperatorSettings.defaults()).get(0);
    assertThat(plain.getSpec().getContainers().get(0).getArgs()).noneMatch(a -> a.startsWith("--configmap-dir"));
    assertThat(plain.getSpec().getVolumes()).noneMatch(v -> v.getName().startsWith("configmap-"));
  }

  @Test
  void oneRestrictedPodPerRunnerWithIndexRegionAndRunInNameLabelsAndArgs() {
    List<Pod> pods = RunnerPodsDependent.build(example("regions-and-runner-pods.yaml", 2), OperatorSettings.defaults());
    assertThat(pods).extracting(p -> p.getMetadata().getName())
        .containsExactly("regions-and-runner-pods-2-0", "regions-and-runner-pods-2-1", "regions-and-runner-pods-2-2");
    assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("loadlab.dev/region"))
        .containsExactly("eu-west", "eu-west", "us-east");
    Pod last = pods.get(2);
    assertThat(last.getMetadata().getLabels()).containsEntry("loadlab.dev/runner", "2").containsEntry("loadlab.dev/run", "2")
        .containsEntry("app.kubernetes.io/managed-by", "loadlab-operator").containsEntry("loadlab.dev/loadtest", "regions-and-runner-pods");
    assertThat(last.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9090");
    var spec = last.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getNodeSelector()).containsEntry("topology.kubernetes.io/region", "us-east-1");
    assertThat(spec.getTolerations()).extracting(t -> t.getKey()).contains("dedicated");
    var c = spec.getContainers().get(0);
    assertThat(c.getArgs()).contains("run", "/etc/loadlab/loadtest.yaml", "--await-start", "--listen=$(POD_IP)",
        "--runner-index=2", "--runner-count=3", "--port=9090");
    assertThat(c.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("API_KEY");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-api");
    });
    assertThat(c.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("BUILD");
      assertThat(e.getValueFrom().getConfigMapKeyRef().getOptional()).isTrue();
    });
    // Pod Security "restricted"
    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void theSpecsRunnerSettingsReachThePod() {
    LoadTest lt = example("quickstart.yaml", 1);
    lt.getSpec().runner = new dev.loadlab.api.loadtest.RunnerPod();
    lt.getSpec().runner.image = "registry.example.com/runner:9";
    lt.getSpec().runner.serviceAccountName = "load";
    Pod pod = RunnerPodsDependent.build(lt, OperatorSettings.defaults()).get(0);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example.com/runner:9");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("load");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits()).containsKey("memory");
  }

  @Test
  void theScenarioConfigMapHoldsAFileTheRunnerReads() throws Exception {
    LoadTest lt = example("llm-cost.yaml", 1);
    String yaml = ScenarioConfigMapDependent.render(lt);
    Path file = java.nio.file.Files.createTempFile("scenario", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    LoadTest read = Manifests.readLoadTest(file);
    assertThat(read.getSpec().scenarios.get(0).name).isEqualTo(lt.getSpec().scenarios.get(0).name);
    assertThat(read.getSpec().thresholds).hasSameSizeAs(lt.getSpec().thresholds);
    assertThat(yaml).doesNotContain("\nstatus:");
  }

  @Test
  void runnersStayWhileTheRunGoesOnAndAfterwardsAsCleanupSays() {
    LoadTest lt = example("quickstart.yaml", 1);
    lt.getStatus().startTime = "2026-11-22T10:00:00Z";
    lt.getStatus().endTime = "2026-11-22T10:00:30Z";
    for (Phase p : List.of(Phase.Pending, Phase.Starting, Phase.Running, Phase.Stopping)) {
      lt.getStatus().phase = p;
      assertThat(wantedLongAfter(lt)).as(p.name()).isTrue();
    }
    lt.getStatus().phase = Phase.Invalid;
    assertThat(wantedLongAfter(lt)).isFalse();
    lt.getStatus().phase = Phase.Succeeded;
    assertThat(wantedLongAfter(lt)).as("default cleanup: always").isFalse();
    lt.getSpec().cleanup = new dev.loadlab.api.loadtest.Cleanup();
    lt.getSpec().cleanup.policy = dev.loadlab.api.loadtest.CleanupPolicy.ON_SUCCESS;
    assertThat(wantedLongAfter(lt)).as("onSuccess, succeeded").isFalse();
    lt.getStatus().phase = Phase.Failed;
    assertThat(wantedLongAfter(lt)).as("onSuccess, failed: kept to inspect").isTrue();
    lt.getSpec().cleanup.policy = dev.loadlab.api.loadtest.CleanupPolicy.NEVER;
    lt.getStatus().phase = Phase.Aborted;
    assertThat(wantedLongAfter(lt)).isTrue();
  }

  private static boolean wantedLongAfter(LoadTest lt) {
    return RunnersWanted.wanted(lt, Instant.parse("2026-11-22T10:05:00Z"), Duration.ofSeconds(10));
  }

  @Test
  void aFinishedRunKeepsItsRunnersForTheFinalScrapeWhateverTheCleanupPolicy() {
    LoadTest lt = example("quickstart.yaml", 1);
    lt.getStatus().phase = Phase.Succeeded;
    lt.getStatus().startTime = "2026-11-22T10:00:00Z";
    lt.getStatus().endTime = "2026-11-22T10:00:30Z";
    Instant end = Instant.parse(lt.getStatus().endTime);
    assertThat(RunnersWanted.wanted(lt, end.plusSeconds(9), Duration.ofSeconds(10))).as("9 s after the end").isTrue();
    assertThat(RunnersWanted.wanted(lt, end.plusSeconds(10), Duration.ofSeconds(10))).as("10 s after the end").isFalse();
    lt.getStatus().startTime = null;
    assertThat(RunnersWanted.wanted(lt, end.plusSeconds(1), Duration.ofSeconds(10))).as("a run that never started").isFalse();
  }
}
