package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@Group(LoadTest.GROUP)
@Version(LoadTest.VERSION)
@ShortNames({"ltdash", "ltd"})
@Categories({"loadlab", "all-loadlab"})
@JsonClassDescription("A Grafana dashboard kept in your repository: the operator writes it to a ConfigMap that the "
    + "Grafana dashboard sidecar imports, and removes it from Grafana when this object is deleted.")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "UID", jsonPath = ".status.uid", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ConfigMap", jsonPath = ".status.configMap", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Dashboard extends CustomResource<DashboardSpec, DashboardStatus> implements Namespaced {
  @Override
  protected DashboardSpec initSpec() {
    return new DashboardSpec();
  }

  @Override
  @JsonPropertyDescription("Exactly one dashboard source (json, gzipJson, configMapRef or panels), and where the dashboard goes in Grafana.")
  public DashboardSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Where the operator wrote the dashboard, and whether it could.")
  public DashboardStatus getStatus() {
    return super.getStatus();
  }
}
