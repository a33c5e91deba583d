package dev.loadlab.operator.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.validation.BuiltInMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboards' catalog knows every built-in the runners export, under the series BuiltInMetric names. */
class MetricCatalogTest {
  @Test
  void everyExportedBuiltInCanBeChartedUnderItsSeries() {
    var catalog = MetricCatalog.of(List.of());
    for (var m : BuiltInMetric.values()) {
      if (m.prometheusSeries() == null) {
        assertThat(catalog.find(m.metricName())).as(m.metricName() + " is not exported, so not chartable").isEmpty();
        continue;
      }
      assertThat(catalog.find(m.metricName())).as(m.metricName() + " in the catalog").isPresent()
          .get().extracting(MetricCatalog.Metric::series).isEqualTo(m.prometheusSeries());
    }
  }
}
