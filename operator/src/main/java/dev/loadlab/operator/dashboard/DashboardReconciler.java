package dev.loadlab.operator.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.common.Condition;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.dashboard.DashboardStatus;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.dashboards.DashboardRenderer;
import dev.loadlab.operator.dashboards.InvalidDashboardException;
import dev.loadlab.operator.dashboards.MetricCatalog;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reconciles a Dashboard into the ConfigMap Grafana's sidecar imports, and reports the ConfigMap, the uid and
 * whether the source is valid. A referenced ConfigMap and the LoadTests whose metrics the panels use are read
 * again every 30 s, so their changes reach Grafana without touching the Dashboard.
 */
@Workflow(dependents = @Dependent(name = "dashboard-configmap", type = DashboardConfigMapDependent.class,
    reconcilePrecondition = DashboardRenders.class))
@ControllerConfiguration(name = "dashboard", informer = @Informer(name = "dashboards"))
public class DashboardReconciler implements Reconciler<Dashboard> {
  static final String SELECTOR = "app.kubernetes.io/managed-by=loadlab-operator,app.kubernetes.io/name=loadlab-dashboard";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECHECK = Duration.ofSeconds(30);

  /** The dashboard's Grafana JSON, from whichever source its spec has. */
  static ObjectNode render(Dashboard d, Context<Dashboard> context) {
    String ns = d.getMetadata().getNamespace();
    if (d.getSpec().namespace != null && !d.getSpec().namespace.equals(ns)) {
      throw new InvalidDashboardException("spec.namespace: writing dashboards to another namespace (\"" + d.getSpec().namespace
          + "\") is not supported yet; remove it, and set the Grafana sidecar to search this namespace (searchNamespace: ALL)");
    }
    var client = context.getClient();
    MetricCatalog catalog = d.getSpec().panels == null || d.getSpec().panels.isEmpty() ? MetricCatalog.of(List.of())
        : MetricCatalog.of(client.resources(LoadTest.class).inNamespace(ns).list().getItems());
    return DashboardRenderer.render(ns, d.getMetadata().getName(), d.getSpec(), ref -> {
      var cm = client.configMaps().inNamespace(ns).withName(ref.name).get();
      return cm == null || cm.getData() == null ? null : cm.getData().get(ref.key);
    }, catalog);
  }

  @Override
  public UpdateControl<Dashboard> reconcile(Dashboard d, Context<Dashboard> context) {
    var before = d.getStatus() == null ? new DashboardStatus() : d.getStatus();
    var next = new DashboardStatus();
    next.observedGeneration = d.getMetadata().getGeneration();
    String invalid = null;
    try {
      next.uid = render(d, context).path("uid").asText();
      next.configMap = d.getMetadata().getNamespace() + "/" + DashboardConfigMapDependent.name(d);
    } catch (InvalidDashboardException e) {
      invalid = e.getMessage();
    }
    next.conditions = conditions(before.conditions, d.getMetadata().getGeneration(), invalid);
    UpdateControl<Dashboard> control = JSON.valueToTree(before).equals(JSON.valueToTree(next))
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(fresh(d, next));
    return control.rescheduleAfter(RECHECK);
  }

  private static List<Condition> conditions(List<Condition> old, Long generation, String invalid) {
    var out = new ArrayList<Condition>();
    out.add(condition("Valid", invalid == null, invalid == null ? "Rendered" : "InvalidDashboard",
        invalid == null ? "the dashboard renders to Grafana JSON" : invalid, generation));
    out.add(condition("Ready", invalid == null, invalid == null ? "ConfigMapWritten" : "InvalidDashboard",
        invalid == null ? "written for the Grafana sidecar" : invalid, generation));
    String now = Instant.now().toString();
    for (Condition c : out) {
      Condition was = old == null ? null : old.stream().filter(o -> o.type.equals(c.type)).findFirst().orElse(null);
      c.lastTransitionTime = was != null && Objects.equals(was.status, c.status) ? was.lastTransitionTime : now;
    }
    return out;
  }

  private static Condition condition(String type, boolean ok, String reason, String message, Long generation) {
    var c = new Condition();
    c.type = type;
    c.status = ok ? "True" : "False";
    c.reason = reason;
    c.message = message;
    c.observedGeneration = generation;
    return c;
  }

  private static Dashboard fresh(Dashboard d, DashboardStatus status) {
    var f = new Dashboard();
    f.setMetadata(new ObjectMetaBuilder().withName(d.getMetadata().getName()).withNamespace(d.getMetadata().getNamespace())
        .withResourceVersion(d.getMetadata().getResourceVersion()).build());
    f.setStatus(status);
    return f;
  }
}
