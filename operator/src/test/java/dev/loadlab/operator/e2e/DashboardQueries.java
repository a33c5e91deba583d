package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.grafana.DashboardRenderer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every query of every generated and example dashboard, its variables set to an example's namespace and
 * LoadTest, asked of the Prometheus that scraped the runners, at the end of that example's run: each returns a
 * series. The chart's overview selects every LoadTest: each of its queries must return a series at the end of
 * at least one example (the examples run a few at a time, so no single instant sees them all).
 */
final class DashboardQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestCluster cluster;
  private final List<String> failures = new ArrayList<>();
  private int checked;

  DashboardQueries(TestCluster cluster) {
    this.cluster = cluster;
  }

  void everyQueryReturnsData(List<ExampleRuns.Outcome> examples) throws Exception {
    if (cluster.prometheus == null) {
      System.err.println("no Prometheus installed (apt-get install prometheus): dashboard queries not checked");
      return;
    }
    var ends = new ArrayList<Instant>();
    for (var example : examples) {
      LoadTest lt = example.loadTest();
      String ns = example.example().namespace();
      String name = example.example().name();
      // when the runners have served their final figures: what a dashboard shows once the run is over
      Instant at = Instant.parse(lt.getStatus().endTime).plus(TestCluster.FINAL_SCRAPE);
      ends.add(at);
      for (var d : dashboardsOf(lt, ns).entrySet()) {
        for (var panel : d.getValue().path("panels")) {
          for (var target : panel.path("targets")) {
            String expr = target.path("expr").asText().replace("$namespace", ns).replace("$loadtest", name);
            check(d.getKey() + ", panel \"" + panel.path("title").asText() + "\"", expr, List.of(at));
          }
        }
      }
    }
    var overview = JSON.readTree(Path.of("..", "charts", "loadlab", "dashboards", "loadtest-overview.json").toFile());
    for (var panel : overview.path("panels")) {
      for (var target : panel.path("targets")) {
        String expr = target.path("expr").asText().replace("$namespace", ".*").replace("$loadtest", ".*");
        check("chart overview, panel \"" + panel.path("title").asText() + "\"", expr, ends);
      }
    }
    System.err.println("dashboard queries checked against Prometheus: " + checked + ", without data: " + failures.size());
    assertThat(checked).isGreaterThan(100);
    assertThat(failures).as("dashboard queries that return no series").isEmpty();
  }

  /** The dashboard generated for the LoadTest, and what the operator wrote into Grafana's namespace for its namespace. */
  private Map<String, JsonNode> dashboardsOf(LoadTest lt, String ns) throws Exception {
    var dashboards = new LinkedHashMap<String, JsonNode>();
    dashboards.put("generated for " + lt.getMetadata().getName(), DashboardRenderer.forLoadTest(lt));
    for (var cm : cluster.client.configMaps().inNamespace(TestCluster.GRAFANA_NAMESPACE).withLabel("grafana_dashboard", "1")
        .list().getItems()) {
      if (cm.getMetadata().getName().startsWith(ns + ".")) {
        for (var e : cm.getData().entrySet()) {
          dashboards.put(cm.getMetadata().getName() + "/" + e.getKey(), JSON.readTree(e.getValue()));
        }
      }
    }
    return dashboards;
  }

  /** One query, with the remaining variables set to all: it passes when it returns a series at any of the instants. */
  private void check(String where, String expr, List<Instant> instants) throws Exception {
    String query = expr.replace("$scenario", ".*").replace("$resource", ".*").replace("$__rate_interval", "1m");
    checked++;
    for (Instant at : instants) {
      if (!cluster.prometheus.query(query, at).isEmpty()) {
        return;
      }
    }
    failures.add(where + ": " + query);
  }
}
