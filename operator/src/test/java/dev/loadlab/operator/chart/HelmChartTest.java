package dev.loadlab.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Helm chart: lints, renders in both RBAC modes, and what it renders installs on a real API server. */
class HelmChartTest {
  private static final Path CHART = Path.of("..", "charts", "loadlab");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> documents(String rendered) throws IOException {
    var docs = new ArrayList<JsonNode>();
    try (var parser = YAML.getFactory().createParser(rendered)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && n.has("kind")) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    var found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  /** The Roles of watched namespaces, not the leader election's. */
  private static List<JsonNode> watchRoles(List<JsonNode> docs) {
    return docs.stream().filter(d -> d.path("kind").asText().equals("Role"))
        .filter(d -> !d.path("metadata").path("name").asText().endsWith("-leader-election")).toList();
  }

  @Test
  void twoReplicasElectALeaderThroughALeaseAndADrainKeepsOne() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system").call());
    JsonNode deployment = only(docs, "Deployment");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    var env = new java.util.HashMap<String, JsonNode>();
    pod.path("containers").get(0).path("env").forEach(e -> env.put(e.path("name").asText(), e));
    assertThat(env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.namespace");
    assertThat(env.get("LOADLAB_LEADER_ELECTION_LEASE_DURATION").path("value").asText()).isEqualTo("15s");
    assertThat(pod.path("affinity").path("podAntiAffinity").toString()).contains("kubernetes.io/hostname");
    JsonNode pdb = only(docs, "PodDisruptionBudget");
    assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
    JsonNode leases = docs.stream().filter(d -> d.path("metadata").path("name").asText().equals("loadlab-leader-election")
        && d.path("kind").asText().equals("Role")).findFirst().orElseThrow();
    assertThat(leases.path("metadata").path("namespace").asText()).isEqualTo("loadlab-system");
    assertThat(leases.path("rules").toString()).contains("coordination.k8s.io", "leases", "update");

    var one = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("replicaCount", "1").call());
    assertThat(one.stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget")))
        .as("one replica: a PDB would block every drain").isEmpty();
  }

  /** The heap the chart gives the JVM leaves half the container's memory limit to the rest of the process. */
  @Test
  void theOperatorsJvmHeapFitsItsMemoryLimit() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system").call());
    JsonNode container = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    String options = null;
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        options = e.path("value").asText();
      }
    }
    assertThat(options).as("JAVA_TOOL_OPTIONS").contains("-XX:TieredStopAtLevel=1");
    var xmx = java.util.regex.Pattern.compile("-Xmx(\\d+)m").matcher(options);
    assertThat(xmx.find()).as("-Xmx in MB in %s", options).isTrue();
    String limit = container.path("resources").path("limits").path("memory").asText();
    assertThat(limit).endsWith("Mi");
    assertThat(Integer.parseInt(xmx.group(1))).isLessThanOrEqualTo(Integer.parseInt(limit.replace("Mi", "")) / 2);

    var defaults = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("jvmOptions", "").call());
    assertThat(only(defaults, "Deployment").path("spec").path("template").path("spec").path("containers").get(0)
        .path("env").toString()).as("empty: the JVM's defaults").doesNotContain("JAVA_TOOL_OPTIONS");
  }

  @Test
  void lintsClean() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void theChartCarriesTheCheckedInCrds() throws IOException {
    for (String crd : List.of("loadtests.loadlab.dev.yaml", "dashboards.loadlab.dev.yaml")) {
      assertThat(Files.readString(CHART.resolve("crds").resolve(crd)))
          .as("charts/loadlab/crds/" + crd + " is a copy of crds/yaml/" + crd + "; cp crds/yaml/*.yaml charts/loadlab/crds/")
          .isEqualTo(Files.readString(Path.of("..", "crds", "yaml", crd)));
    }
  }

  @Test
  void rendersARestrictedOperatorWithClusterWideRbacByDefault() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("runner.image", "registry.example.com/loadlab/runner:1.2.3").call());
    JsonNode deployment = only(docs, "Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.path("securityContext").path("capabilities").path("drop").get(0).asText()).isEqualTo("ALL");
    assertThat(container.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.path("env").findValuesAsText("value")).contains("registry.example.com/loadlab/runner:1.2.3");
    JsonNode role = only(docs, "ClusterRole");
    assertThat(role.path("rules").toString()).contains("loadtests/status", "pods", "events", "podmonitors")
        .doesNotContain("secrets").doesNotContain("\"*\"");
    assertThat(only(docs, "ClusterRoleBinding").path("subjects").get(0).path("namespace").asText()).isEqualTo("loadlab-system");
    assertThat(watchRoles(docs)).isEmpty();
    JsonNode overview = only(docs, "ConfigMap");
    assertThat(overview.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
    assertThat(overview.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("loadlab");
    assertThat(YAML.readTree(overview.path("data").path("loadlab-overview.json").asText()).path("uid").asText())
        .isEqualTo("loadlab-overview");
  }

  @Test
  void aBucketForRunRecordsTakesItsCredentialsFromASecretTheOperatorNeverReads() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("records.s3.bucket", "perf-records").set("records.s3.endpoint", "https://minio.storage:9000")
        .set("records.s3.credentialsSecret", "records-s3").call());
    JsonNode env = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0).path("env");
    var byName = new java.util.HashMap<String, JsonNode>();
    env.forEach(e -> byName.put(e.path("name").asText(), e));
    assertThat(byName.get("LOADLAB_RECORDS_S3_BUCKET").path("value").asText()).isEqualTo("perf-records");
    assertThat(byName.get("LOADLAB_RECORDS_S3_ENDPOINT").path("value").asText()).isEqualTo("https://minio.storage:9000");
    JsonNode key = byName.get("LOADLAB_RECORDS_S3_ACCESS_KEY_ID").path("valueFrom").path("secretKeyRef");
    assertThat(key.path("name").asText() + "/" + key.path("key").asText()).isEqualTo("records-s3/accessKeyId");
    JsonNode secret = byName.get("LOADLAB_RECORDS_S3_SECRET_ACCESS_KEY").path("valueFrom").path("secretKeyRef");
    assertThat(secret.path("name").asText() + "/" + secret.path("key").asText()).isEqualTo("records-s3/secretAccessKey");
    assertThat(only(docs, "ClusterRole").path("rules").toString()).doesNotContain("secrets");

    var none = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system").call());
    assertThat(only(none, "Deployment").toString()).as("no bucket: records stay in ConfigMaps").doesNotContain("LOADLAB_RECORDS_S3_");
  }

  @Test
  void watchNamespacesGetARoleEach() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b").call());
    var roles = watchRoles(docs);
    assertThat(roles).extracting(r -> r.path("metadata").path("namespace").asText()).containsExactly("team-a", "team-b");
    JsonNode container = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("env").toString()).contains("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");
  }

  @Test
  void grafanasNamespaceGetsARoleForTheDashboardsAndGrafanaOperatorGetsGrafanaDashboards() throws IOException {
    var docs = documents(new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
        .set("watchNamespaces[0]", "team-a").set("grafana.dashboardNamespace", "monitoring")
        .set("grafana.grafanaOperator.instanceSelector.dashboards", "grafana").call());
    var roles = watchRoles(docs);
    assertThat(roles).extracting(r -> r.path("metadata").path("namespace").asText()).containsExactly("team-a", "monitoring");
    assertThat(roles.get(1).path("rules").toString()).contains("configmaps", "grafanadashboards").doesNotContain("secrets");
    JsonNode container = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("env").toString()).contains("LOADLAB_GRAFANA_NAMESPACE", "monitoring",
        "LOADLAB_GRAFANA_GRAFANA_OPERATOR_INSTANCE_SELECTOR", "dashboards=grafana");
    JsonNode overview = only(docs, "ConfigMap");
    assertThat(overview.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    assertThat(overview.path("metadata").path("labels").has("grafana_dashboard")).as("imported by grafana-operator, not the sidecar").isFalse();
    JsonNode gd = only(docs, "GrafanaDashboard");
    assertThat(gd.path("spec").path("instanceSelector").path("matchLabels").path("dashboards").asText()).isEqualTo("grafana");
    assertThat(gd.path("spec").path("configMapRef").path("name").asText()).isEqualTo(overview.path("metadata").path("name").asText());
  }

  @Test
  void theRenderedChartInstallsOnARealApiServerWithLeastPrivilege() throws Exception {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    boolean available = dir != null && Files.isExecutable(Path.of(dir, "k8s", "1.20.2-linux-amd64", "kube-apiserver"));
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the API server tests: export KUBE_API_TEST_DIR (.ci/run does)");
    }
    assumeTrue(available, "no kube-apiserver: run ../shared/k8s/install.sh and export KUBE_API_TEST_DIR=...");
    var server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(dir).withApiServerVersion("1.20.2").withOfflineMode(true).withUpdateKubeConfig(false).build());
    server.start();
    Path kubeconfig = Files.createTempFile("loadlab-chart", ".kubeconfig");
    Path rendered = Files.createTempFile("loadlab-chart", ".yaml");
    try {
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      // as helm install renders for this server: its version picks the PodDisruptionBudget's API (policy/v1 from 1.21)
      Files.writeString(rendered, new Helm(CHART).template().withName("loadlab").withNamespace("loadlab-system")
          .withKubeVersion("1.20.2").call());
      assertThat(retry(kubeconfig, "create", "namespace", "loadlab-system")).startsWith("0:");
      // CRDs first (helm installs crds/ before templates); 1.20 needs --validate=false for the CEL rules
      assertThat(retry(kubeconfig, "apply", "--validate=false", "-f", CHART.resolve("crds").toString())).startsWith("0:");
      assertThat(retry(kubeconfig, "apply", "-f", rendered.toString())).startsWith("0:");
      String sa = "system:serviceaccount:loadlab-system:loadlab";
      assertThat(kubectl(kubeconfig, "auth", "can-i", "create", "pods", "-n", "team-a", "--as", sa)).startsWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "patch", "loadtests.loadlab.dev/status", "-n", "team-a", "--as", sa))
          .startsWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "get", "secrets", "-n", "team-a", "--as", sa))
          .as("the operator never reads Secrets: runner pods reference them").doesNotStartWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "create", "deployments", "-n", "team-a", "--as", sa)).doesNotStartWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "loadlab-system", "--as", sa))
          .as("the leader election's Lease, in the operator's namespace").startsWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "update", "leases.coordination.k8s.io", "-n", "team-a", "--as", sa))
          .as("and no other").doesNotStartWith("0:");
      assertThat(kubectl(kubeconfig, "auth", "can-i", "create", "networkpolicies.networking.k8s.io", "-n", "team-a", "--as", sa))
          .as("a NetworkPolicy over each LoadTest's runners (networkPolicy.enabled)").startsWith("0:");
    } finally {
      server.stop();
      Files.deleteIfExists(kubeconfig);
      Files.deleteIfExists(rendered);
    }
  }

  private static String retry(Path kubeconfig, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String r = kubectl(kubeconfig, args);
    while (!r.startsWith("0:") && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      r = kubectl(kubeconfig, args);
    }
    return r;
  }

  /** "exit code: output" */
  private static String kubectl(Path kubeconfig, String... args) {
    var command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return p.exitValue() + ": " + out;
    } catch (IOException | InterruptedException e) {
      return "-1: " + e;
    }
  }
}
