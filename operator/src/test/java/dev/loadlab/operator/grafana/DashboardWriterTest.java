package dev.loadlab.operator.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.InstalledCrds;
import dev.loadlab.operator.OperatorSettings;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where dashboards are written and who may touch them, against a real kube-apiserver: the owner's namespace with
 * an owner reference, Grafana's namespace with a namespace prefix, never over an object that is not the owner's,
 * never into a namespace the operator was not configured with; and grafana-operator's GrafanaDashboard.
 */
class DashboardWriterTest {
  private static final OperatorSettings.Grafana SIDECAR = new OperatorSettings.Grafana("grafana_dashboard", "1", "loadlab", "grafana", Map.of());
  private static KubeAPIServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void apiServer() throws InterruptedException {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    boolean available = dir != null && Files.isExecutable(Path.of(dir, "k8s", "1.20.2-linux-amd64", "kube-apiserver"));
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the API server tests: export KUBE_API_TEST_DIR (.ci/run does)");
    }
    assumeTrue(available, "no kube-apiserver: run ../shared/k8s/install.sh and export KUBE_API_TEST_DIR=...");
    server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(dir).withApiServerVersion("1.20.2").withOfflineMode(true).withUpdateKubeConfig(false).build());
    server.start();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    for (String ns : new String[] {"team-a", "team-b", "grafana"}) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    // before anything asks whether it is installed (the answer is kept 30 s)
    client.apiextensions().v1().customResourceDefinitions().resource(standInCrd()).create();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        client.genericKubernetesResources(DashboardWriter.GRAFANA_DASHBOARDS).inNamespace("grafana").list();
        break;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        assertThat(System.nanoTime()).as("GrafanaDashboard served within 30 s: " + e.getMessage()).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static Dashboard dashboard(String ns, String name) {
    var d = new Dashboard();
    d.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid(UUID.randomUUID().toString()).build());
    return d;
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap desired(HasMetadata owner, String target, String title,
      OperatorSettings.Grafana grafana) {
    var json = new ObjectMapper().createObjectNode().put("title", title);
    String name = owner.getMetadata().getName();
    return DashboardConfigMaps.build(DashboardWriter.configMapName(owner, DashboardConfigMaps.dashboardName(name), target),
        target, owner.getMetadata().getNamespace(), name, null, Map.of("loadlab.dev/dashboard", name), json, grafana);
  }

  @Test
  void inItsOwnNamespaceTheConfigMapIsOwnedAndUnchangedWhenNothingChanged() {
    var d = dashboard("team-a", "latency");
    String where = DashboardWriter.write(client, d, desired(d, "team-a", "v1", SIDECAR), SIDECAR);
    assertThat(where).isEqualTo("team-a/latency-dashboard");
    var cm = client.configMaps().inNamespace("team-a").withName("latency-dashboard").get();
    assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getUid()).isEqualTo(d.getMetadata().getUid());
      assertThat(r.getKind()).isEqualTo("Dashboard");
    });
    assertThat(cm.getMetadata().getAnnotations()).containsEntry(DashboardWriter.OWNER, "Dashboard/team-a/latency");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getData()).containsOnlyKeys("team-a_latency.json");

    DashboardWriter.write(client, d, desired(d, "team-a", "v1", SIDECAR), SIDECAR);
    assertThat(client.configMaps().inNamespace("team-a").withName("latency-dashboard").get().getMetadata().getResourceVersion())
        .as("no write when nothing changed").isEqualTo(cm.getMetadata().getResourceVersion());
    DashboardWriter.write(client, d, desired(d, "team-a", "v2", SIDECAR), SIDECAR);
    assertThat(client.configMaps().inNamespace("team-a").withName("latency-dashboard").get().getData().get("team-a_latency.json"))
        .contains("v2");
  }

  @Test
  void inGrafanasNamespaceTheNameCarriesTheOwnersNamespaceAndNoOwnerReference() {
    var a = dashboard("team-a", "checkout");
    var b = dashboard("team-b", "checkout");
    assertThat(DashboardWriter.write(client, a, desired(a, "grafana", "a", SIDECAR), SIDECAR)).isEqualTo("grafana/team-a.checkout-dashboard");
    assertThat(DashboardWriter.write(client, b, desired(b, "grafana", "b", SIDECAR), SIDECAR)).isEqualTo("grafana/team-b.checkout-dashboard");
    var cm = client.configMaps().inNamespace("grafana").withName("team-a.checkout-dashboard").get();
    assertThat(cm.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(cm.getData()).containsOnlyKeys("team-a_checkout.json");

    DashboardWriter.remove(client, b, "grafana/team-a.checkout-dashboard");
    assertThat(client.configMaps().inNamespace("grafana").withName("team-a.checkout-dashboard").get())
        .as("team-b cannot remove team-a's dashboard").isNotNull();
    DashboardWriter.remove(client, a, "grafana/team-a.checkout-dashboard");
    assertThat(client.configMaps().inNamespace("grafana").withName("team-a.checkout-dashboard").get()).isNull();
    assertThat(client.configMaps().inNamespace("grafana").withName("team-b.checkout-dashboard").get()).isNotNull();
  }

  @Test
  void anObjectThatIsNotTheOwnersIsNeitherOverwrittenNorRemoved() {
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("handmade-dashboard")
        .endMetadata().withData(Map.of("mine.json", "{}")).build()).create();
    var d = dashboard("team-a", "handmade");
    assertThatThrownBy(() -> DashboardWriter.write(client, d, desired(d, "team-a", "x", SIDECAR), SIDECAR))
        .isInstanceOf(DashboardConflictException.class)
        .hasMessageContaining("ConfigMap team-a/handmade-dashboard already exists and was not written by loadlab");
    DashboardWriter.remove(client, d, "team-a/handmade-dashboard");
    assertThat(client.configMaps().inNamespace("team-a").withName("handmade-dashboard").get().getData())
        .containsOnlyKeys("mine.json");

    // a LoadTest and a Dashboard of the same name in one namespace would share a ConfigMap name: the second is refused
    var lt = new LoadTest();
    lt.setMetadata(new ObjectMetaBuilder().withNamespace("team-b").withName("shop").withUid(UUID.randomUUID().toString()).build());
    var dash = dashboard("team-b", "shop");
    DashboardWriter.write(client, lt, desired(lt, "team-b", "lt", SIDECAR), SIDECAR);
    assertThatThrownBy(() -> DashboardWriter.write(client, dash, desired(dash, "team-b", "d", SIDECAR), SIDECAR))
        .isInstanceOf(DashboardConflictException.class).hasMessageContaining("belongs to LoadTest/team-b/shop");
  }

  @Test
  void withoutRightsInGrafanasNamespaceWritingFailsButRemovingDoesNotHoldUpADeletion() {
    var d = dashboard("team-a", "rights");
    DashboardWriter.write(client, d, desired(d, "grafana", "r", SIDECAR), SIDECAR);
    var config = Config.fromKubeconfig(server.getKubeConfigYaml());
    config.setImpersonateUsername("system:serviceaccount:team-a:nobody");
    try (var nobody = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThatThrownBy(() -> DashboardWriter.write(nobody, d, desired(d, "grafana", "r2", SIDECAR), SIDECAR))
          .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      DashboardWriter.remove(nobody, d, "grafana/team-a.rights-dashboard");
    }
    assertThat(client.configMaps().inNamespace("grafana").withName("team-a.rights-dashboard").get()).as("left behind").isNotNull();
  }

  @Test
  void onlyTheOwnersNamespaceOrTheConfiguredGrafanaNamespaceAreWrittenTo() {
    var d = dashboard("team-a", "x");
    assertThat(DashboardWriter.targetNamespace(d, null, "spec.namespace", SIDECAR)).isEqualTo("grafana");
    assertThat(DashboardWriter.targetNamespace(d, "team-a", "spec.namespace", SIDECAR)).isEqualTo("team-a");
    assertThatThrownBy(() -> DashboardWriter.targetNamespace(d, "kube-system", "spec.namespace", SIDECAR))
        .isInstanceOf(InvalidDashboardException.class)
        .hasMessage("spec.namespace: the operator writes dashboards only to the resource's own namespace (\"team-a\") or to "
            + "Grafana's namespace (\"grafana\"), not to \"kube-system\"; remove spec.namespace");
    var unconfigured = new OperatorSettings.Grafana("grafana_dashboard", "1", "loadlab", null, Map.of());
    assertThat(DashboardWriter.targetNamespace(d, null, "spec.namespace", unconfigured)).isEqualTo("team-a");
    assertThatThrownBy(() -> DashboardWriter.targetNamespace(d, "grafana", "spec.dashboards.namespace", unconfigured))
        .hasMessageContaining("spec.dashboards.namespace: the operator writes dashboards only to the resource's own namespace")
        .hasMessageContaining("Helm value grafana.dashboardNamespace");
  }

  @Test
  void withGrafanaOperatorAGrafanaDashboardReferencesTheConfigMapInsteadOfTheSidecarLabel() throws Exception {
    var grafanaOperator = new OperatorSettings.Grafana("grafana_dashboard", "1", "loadlab", "grafana", Map.of("dashboards", "grafana"));
    var d = dashboard("team-b", "cost");
    assertThat(InstalledCrds.present(client, InstalledCrds.GRAFANA_DASHBOARDS)).isTrue();
    // the sidecar setting writes no GrafanaDashboard even where the CRD exists
    var other = dashboard("team-b", "plain");
    DashboardWriter.write(client, other, desired(other, "team-b", "plain", SIDECAR), SIDECAR);
    assertThat(client.genericKubernetesResources(DashboardWriter.GRAFANA_DASHBOARDS).inNamespace("team-b").list().getItems()).isEmpty();

    String where = DashboardWriter.write(client, d, desired(d, "grafana", "cost", grafanaOperator), grafanaOperator);
    assertThat(where).isEqualTo("grafana/team-b.cost-dashboard");
    var cm = client.configMaps().inNamespace("grafana").withName("team-b.cost-dashboard").get();
    assertThat(cm.getMetadata().getLabels()).as("imported once, by grafana-operator").doesNotContainKey("grafana_dashboard");
    var gd = client.genericKubernetesResources(DashboardWriter.GRAFANA_DASHBOARDS).inNamespace("grafana")
        .withName("team-b.cost-dashboard").get();
    assertThat(gd).isNotNull();
    assertThat(gd.getMetadata().getAnnotations()).containsEntry(DashboardWriter.OWNER, "Dashboard/team-b/cost");
    var json = new ObjectMapper();
    assertThat((Object) json.valueToTree(gd.getAdditionalProperties().get("spec")))
        .isEqualTo(json.readTree("{\"instanceSelector\":{\"matchLabels\":{\"dashboards\":\"grafana\"}},"
            + "\"configMapRef\":{\"name\":\"team-b.cost-dashboard\",\"key\":\"team-b_cost.json\"},\"folder\":\"loadlab\"}"));

    DashboardWriter.remove(client, d, where);
    assertThat(client.configMaps().inNamespace("grafana").withName("team-b.cost-dashboard").get()).isNull();
    assertThat(client.genericKubernetesResources(DashboardWriter.GRAFANA_DASHBOARDS).inNamespace("grafana")
        .withName("team-b.cost-dashboard").get()).isNull();
  }

  /** grafana-operator's CRD, its group, version, kind and scope, with an open schema. */
  private static CustomResourceDefinition standInCrd() {
    return client.getKubernetesSerialization().unmarshal("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: grafanadashboards.grafana.integreatly.org}
        spec:
          group: grafana.integreatly.org
          scope: Namespaced
          names: {kind: GrafanaDashboard, listKind: GrafanaDashboardList, plural: grafanadashboards, singular: grafanadashboard}
          versions:
            - name: v1beta1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """, CustomResourceDefinition.class);
  }
}
