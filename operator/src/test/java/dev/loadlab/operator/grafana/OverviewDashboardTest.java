package dev.loadlab.operator.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the overview dashboard as a file (Helm reads files, not Java): this keeps the file equal to what
 * the renderer makes, and valid. {@code ./mvnw -pl operator test -Dtest=OverviewDashboardTest -Dloadlab.update=true}
 * rewrites it.
 */
class OverviewDashboardTest {
  static final Path FILE = Path.of("..", "charts", "loadlab", "dashboards", "loadtest-overview.json");

  @Test
  void theChartsOverviewIsWhatTheRendererMakesAndValidatesAgainstGrafanasSchema() throws Exception {
    String rendered = GrafanaDashboards.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(DashboardRenderer.overview()) + "\n";
    if (Boolean.getBoolean("loadlab.update")) {
      Files.writeString(FILE, rendered);
    }
    assertThat(Files.readString(FILE)).as(FILE + " is out of date; rerun this test with -Dloadlab.update=true").isEqualTo(rendered);
    GrafanaSchema.loadOrSkip().assertValid("overview", GrafanaDashboards.JSON.readTree(rendered));
    assertThat(rendered).contains("\"uid\" : \"loadlab-overview\"", "loadlab_http_req_duration_seconds_bucket", "loadlab_checks_total");
  }
}
