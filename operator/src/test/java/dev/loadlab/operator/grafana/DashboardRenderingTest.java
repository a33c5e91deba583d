package dev.loadlab.operator.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.dashboard.DashboardSpec;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example Dashboard and every example LoadTest's generated dashboard, against Grafana's own schemas. */
class DashboardRenderingTest {
  private static GrafanaSchema schema;
  private static final List<LoadTest> TESTS = new ArrayList<>();
  private static final List<Dashboard> DASHBOARDS = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    schema = GrafanaSchema.loadOrSkip();
    try (var files = Files.list(Path.of("..", "examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (HasMetadata r : Manifests.read(f)) {
          r.getMetadata().setNamespace("shop");
          if (r instanceof LoadTest lt) {
            TESTS.add(lt);
          } else if (r instanceof Dashboard d) {
            DASHBOARDS.add(d);
          }
        }
      }
    }
  }

  private static JsonNode render(Dashboard d) {
    return DashboardRenderer.render("shop", d.getMetadata().getName(), d.getSpec(), ref -> null, MetricCatalog.of(TESTS));
  }

  @Test
  void everyExampleDashboardValidatesAgainstGrafanasSchema() {
    assertThat(DASHBOARDS).extracting(d -> d.getMetadata().getName()).contains("llm-cost-overview", "checkout-latency",
        "ecommerce-funnel-overview", "microservice-health-overview");
    for (Dashboard d : DASHBOARDS) {
      JsonNode out = render(d);
      schema.assertValid(d.getMetadata().getName(), out);
      assertThat(out.path("id").isNull()).isTrue();
      assertThat(out.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
    }
  }

  @Test
  void theKustomizeExamplesExportedFileRendersWithTheDashboardVariables() throws Exception {
    Path dir = Path.of("..", "examples", "dashboards-kustomize");
    var d = (Dashboard) Manifests.read(dir.resolve("checkout-traffic.yaml")).get(0);
    JsonNode out = DashboardRenderer.render("shop", d.getMetadata().getName(), d.getSpec(), ref -> {
      try {
        return Files.readString(dir.resolve(ref.key));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, MetricCatalog.of(TESTS));
    schema.assertValid("dashboards-kustomize/checkout-traffic", out);
    assertThat(out.toString()).doesNotContain("DS_PROMETHEUS", "__inputs", "__requires");
    assertThat(out.path("uid").asText()).isEqualTo("shop_checkout-traffic");
    assertThat(out.path("templating").path("list").findValuesAsText("name")).contains("datasource", "namespace", "loadtest");
  }

  @Test
  void everyExampleLoadTestsGeneratedDashboardValidatesAndHasAPanelPerCustomMetric() {
    for (LoadTest lt : TESTS) {
      JsonNode out = DashboardRenderer.forLoadTest(lt);
      schema.assertValid("generated for " + lt.getMetadata().getName(), out);
      String text = out.toString();
      assertThat(text).doesNotContain("DS_", "__inputs");
      for (var m : MetricCatalog.of(List.of(lt)).userMetrics()) {
        assertThat(text).as(lt.getMetadata().getName() + " has a panel for " + m.name()).contains(m.series());
      }
    }
  }

  @Test
  void eachProtocolGetsItsOwnPanels() {
    var byTest = new java.util.HashMap<String, List<String>>();
    for (LoadTest lt : TESTS) {
      List<String> exprs = new ArrayList<>();
      DashboardRenderer.forLoadTest(lt).path("panels").forEach(p -> exprs.add(p.path("targets").path(0).path("expr").asText()));
      byTest.put(lt.getMetadata().getName(), exprs);
    }
    assertThat(byTest.get("websocket-ticker")).anySatisfy(e -> assertThat(e).startsWith("sum by (ws_outcome) (rate(loadlab_ws_sessions_total{"))
        .anySatisfy(e -> assertThat(e).contains("loadlab_ws_connecting_seconds_bucket{"))
        .noneSatisfy(e -> assertThat(e).contains("grpc_"))
        .as("a test of WebSocket steps only makes no HTTP request to chart").noneSatisfy(e -> assertThat(e).contains("loadlab_http_req"));
    assertThat(byTest.get("grpc-api")).anySatisfy(e -> assertThat(e).startsWith("sum by (grpc_status) (rate(loadlab_grpc_reqs_total{"))
        .noneSatisfy(e -> assertThat(e).contains("loadlab_ws_"));
    assertThat(byTest.get("quickstart")).noneSatisfy(e -> assertThat(e).containsAnyOf("loadlab_ws_", "loadlab_grpc_", "http_stream"));
  }

  @Test
  void panelsGetPromQlByMetricType() {
    Dashboard llm = DASHBOARDS.stream().filter(d -> d.getMetadata().getName().equals("llm-cost-overview")).findFirst().orElseThrow();
    JsonNode out = render(llm);
    List<String> exprs = new ArrayList<>();
    out.path("panels").forEach(p -> exprs.add(p.path("targets").get(0).path("expr").asText()));
    assertThat(exprs).anySatisfy(e -> assertThat(e).startsWith("sum by (resource) (rate(loadlab_http_reqs_total{"));
    assertThat(exprs).anySatisfy(e -> assertThat(e)
        .startsWith("1000 * histogram_quantile(0.95, sum by (le, resource) (rate(loadlab_http_req_duration_seconds_bucket{"));
    assertThat(exprs).anySatisfy(e -> assertThat(e).contains("rate(llm_request_cost_usd_sum{").contains("/ sum (rate(llm_request_cost_usd_count{"));
    assertThat(exprs).as("a trend's rate: tokens per second").anySatisfy(e -> assertThat(e).startsWith("sum (rate(llm_prompt_tokens_sum{"));
    assertThat(exprs).anySatisfy(e -> assertThat(e).startsWith("sum (rate(llm_calls_total{"));
    assertThat(exprs).allSatisfy(e -> assertThat(e).contains("namespace=~\"$namespace\"", "loadtest=~\"$loadtest\""));
    assertThat(exprs).hasSize(llm.getSpec().panels.size());
  }

  @Test
  void anExportedDashboardLosesItsInputsAndUsesTheDatasourceVariable() throws Exception {
    var spec = new DashboardSpec();
    spec.json = """
        {"__inputs": [{"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus"}],
         "id": 42, "title": "Exported", "uid": "abc",
         "panels": [{"type": "timeseries", "title": "RPS", "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
           "targets": [{"refId": "A", "expr": "sum(rate(loadlab_http_reqs_total[1m]))", "datasource": "$DS_PROMETHEUS"}]}]}
        """;
    JsonNode out = DashboardRenderer.render("shop", "exported", spec, ref -> null, MetricCatalog.of(List.of()));
    assertThat(out.has("__inputs")).isFalse();
    assertThat(out.path("id").isNull()).isTrue();
    assertThat(out.path("uid").asText()).as("deterministic: namespace and name").isEqualTo("shop_exported");
    assertThat(out.toString()).doesNotContain("DS_PROMETHEUS").contains("\"uid\":\"${datasource}\"");
    schema.assertValid("exported", out);

    var gz = new ByteArrayOutputStream();
    try (var z = new GZIPOutputStream(gz)) {
      z.write(spec.json.getBytes(StandardCharsets.UTF_8));
    }
    var zipped = new DashboardSpec();
    zipped.gzipJson = Base64.getEncoder().encodeToString(gz.toByteArray());
    assertThat(DashboardRenderer.render("shop", "exported", zipped, ref -> null, MetricCatalog.of(List.of()))).isEqualTo(out);
  }

  @Test
  void badInputIsNamedWithItsField() {
    var broken = new DashboardSpec();
    broken.json = "{\"title\": \"x\",";
    assertThatThrownBy(() -> DashboardRenderer.render("shop", "b", broken, ref -> null, MetricCatalog.of(List.of())))
        .isInstanceOf(InvalidDashboardException.class).hasMessageStartingWith("spec.json: not valid JSON (line 1");
    var unknown = new DashboardSpec();
    var panel = new dev.loadlab.api.dashboard.Panel();
    panel.metric = "tokens_per_dollar";
    unknown.panels = List.of(panel);
    assertThatThrownBy(() -> DashboardRenderer.render("shop", "u", unknown, ref -> null, MetricCatalog.of(TESTS)))
        .hasMessageContaining("spec.panels[0].metric: \"tokens_per_dollar\"").hasMessageContaining("spec.panels[0].query");
    var big = new DashboardSpec();
    big.json = "{\"title\": \"big\", \"description\": \"" + "x".repeat(1_100_000) + "\"}";
    assertThatThrownBy(() -> DashboardRenderer.render("shop", "big", big, ref -> null, MetricCatalog.of(List.of())))
        .hasMessageContaining("at most 1 MiB");
    var missing = new DashboardSpec();
    missing.configMapRef = new DashboardSpec.ConfigMapKeyRef();
    missing.configMapRef.name = "dashboards";
    missing.configMapRef.key = "shop.json";
    assertThatThrownBy(() -> DashboardRenderer.render("shop", "m", missing, ref -> null, MetricCatalog.of(List.of())))
        .hasMessageContaining("spec.configMapRef: ConfigMap dashboards has no key \"shop.json\"");
  }

  @Test
  void longNamesGiveShortStableUids() {
    String uid = GrafanaDashboards.uid("a-very-long-namespace-name", "and-a-long-dashboard-name");
    assertThat(uid).hasSizeLessThanOrEqualTo(40).isEqualTo(GrafanaDashboards.uid("a-very-long-namespace-name", "and-a-long-dashboard-name"));
    assertThat(GrafanaDashboards.validUid(uid)).isTrue();
    assertThat(uid).isNotEqualTo(GrafanaDashboards.uid("a-very-long-namespace-name", "and-a-long-dashboard-nam2"));
  }

  @Test
  void uidsAndKeysOfDifferentObjectsDiffer() {
    // '-' joins would make namespace "team-a"/name "shop" and namespace "team"/name "a-shop" one dashboard
    assertThat(GrafanaDashboards.uid("team-a", "shop")).isNotEqualTo(GrafanaDashboards.uid("team", "a-shop"));
    assertThat(DashboardConfigMaps.key("team-a", "shop")).isNotEqualTo(DashboardConfigMaps.key("team", "a-shop"));
    // a LoadTest's generated dashboard and a Dashboard named loadtest-<name> beside it
    var lt = new dev.loadlab.api.loadtest.LoadTest();
    lt.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace("team").withName("shop").build());
    lt.setSpec(new dev.loadlab.api.loadtest.LoadTestSpec());
    assertThat(DashboardRenderer.forLoadTest(lt).path("uid").asText()).isEqualTo("lt_team_shop")
        .isNotEqualTo(DashboardRenderer.uid("team", "lt-shop", new DashboardSpec()));
    var taken = new DashboardSpec();
    taken.json = "{\"title\": \"x\", \"panels\": []}";
    taken.uid = "lt_team_shop";
    assertThatThrownBy(() -> DashboardRenderer.render("team", "mine", taken, ref -> null, MetricCatalog.of(List.of())))
        .isInstanceOf(InvalidDashboardException.class)
        .hasMessageContaining("spec.uid: \"lt_team_shop\" starts with \"lt_\", which is kept for the dashboards generated for LoadTests");
    taken.uid = "loadlab-overview";
    assertThatThrownBy(() -> DashboardRenderer.render("team", "mine", taken, ref -> null, MetricCatalog.of(List.of())))
        .hasMessageContaining("spec.uid: \"loadlab-overview\" is the uid of the Helm chart's \"Load test overview\"");
  }
}
