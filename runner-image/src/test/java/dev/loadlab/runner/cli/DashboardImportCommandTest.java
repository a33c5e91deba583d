package dev.loadlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.file.Manifests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardImportCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return LoadlabCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void aFolderOfExportedJsonBecomesDashboardManifestsWithTheDatasourceVariable(@TempDir Path dir) throws Exception {
    Path exported = Files.createDirectories(dir.resolve("grafana"));
    Files.writeString(exported.resolve("Checkout Latency.json"), """
        {"__inputs": [{"name": "DS_PROM", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus"}],
         "__requires": [{"type": "grafana", "id": "grafana", "version": "11.0.0"}],
         "id": 7, "uid": "abc", "title": "Checkout latency", "schemaVersion": 39,
         "panels": [{"type": "timeseries", "title": "p99", "datasource": {"type": "prometheus", "uid": "${DS_PROM}"},
           "targets": [{"refId": "A", "datasource": "$DS_PROM",
             "expr": "histogram_quantile(0.99, sum by (le) (rate(checkout_latency_seconds_bucket[1m])))"}]}]}
        """);
    Files.writeString(exported.resolve("notes.txt"), "not a dashboard");
    Path manifests = dir.resolve("dashboards.yaml");

    int code = run("dashboard-import", exported.toString(), "--folder", "Shop", "--output", manifests.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("Checkout Latency.json → Dashboard checkout-latency");
    var resources = Manifests.read(manifests);
    assertThat(resources).hasSize(1);
    Dashboard d = (Dashboard) resources.get(0);
    assertThat(d.getMetadata().getName()).isEqualTo("checkout-latency");
    assertThat(d.getSpec().folder).isEqualTo("Shop");
    assertThat(d.getSpec().json).doesNotContain("DS_PROM", "__inputs", "__requires").contains("${datasource}", "\"id\" : null");
  }

  @Test
  void aBrokenFileIsNamedAndTheExitCodeSaysSo(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"title\": ");
    int code = run("dashboard-import", broken.toString());
    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("✗ " + broken, "not valid JSON (line 1)");
  }
}
