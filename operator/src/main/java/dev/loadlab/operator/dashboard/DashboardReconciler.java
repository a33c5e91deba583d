package dev.loadlab.operator.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.common.Condition;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.dashboard.DashboardStatus;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.grafana.DashboardConfigMaps;
import dev.loadlab.operator.grafana.DashboardConflictException;
import dev.loadlab.operator.grafana.DashboardRenderer;
import dev.loadlab.operator.grafana.DashboardWriter;
import dev.loadlab.operator.grafana.InvalidDashboardException;
import dev.loadlab.operator.grafana.MetricCatalog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reconciles a Dashboard into the ConfigMap Grafana imports (through its sidecar, or grafana-operator), and
 * reports where it went, its uid and whether it could be written.
 *
 * <p>Watched besides the Dashboards: every ConfigMap (a {@code configMapRef} source re-renders when its ConfigMap
 * changes; a deleted or edited output ConfigMap is put back) and every LoadTest (a {@code panels} source picks up
 * metrics newly declared in the namespace), both cached as metadata only. A dashboard whose source turns invalid
 * keeps its last written version in Grafana and says why in status; a finalizer removes the ConfigMap when the
 * Dashboard goes, also from another namespace, where no owner reference can reach.
 */
@ControllerConfiguration(name = "dashboard", informer = @Informer(name = "dashboards"))
public class DashboardReconciler implements Reconciler<Dashboard>, Cleaner<Dashboard> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Repairs what no watch sees (an output ConfigMap in a namespace the operator does not watch). */
  private static final Duration RECHECK = Duration.ofMinutes(5);
  private static final Duration RETRY = Duration.ofSeconds(30);

  private final OperatorSettings.Grafana grafana;

  public DashboardReconciler(dev.loadlab.operator.LoadlabConfig config) {
    this.grafana = OperatorSettings.of(config).grafana();
  }

  @Override
  public List<EventSource<?, Dashboard>> prepareEventSources(EventSourceContext<Dashboard> context) {
    var dashboards = context.getPrimaryCache();
    var configMaps = InformerEventSourceConfiguration.from(ConfigMap.class, Dashboard.class)
        .withName("dashboard-sources")
        .withNamespacesInheritedFromController()
        .withItemStore(new MetadataOnlyStore<>(ConfigMap::new))
        .withSecondaryToPrimaryMapper((ConfigMap cm) -> {
          String ns = cm.getMetadata().getNamespace();
          String name = cm.getMetadata().getName();
          var ids = dashboards.list(ns, d -> d.getSpec() != null && d.getSpec().configMapRef != null
              && name.equals(d.getSpec().configMapRef.name)).map(ResourceID::fromResource).collect(Collectors.toSet());
          // one we wrote: put it back if someone deletes or edits it
          var annotations = cm.getMetadata().getAnnotations();
          String owner = annotations == null ? null : annotations.get(DashboardWriter.OWNER);
          if (owner != null && owner.startsWith("Dashboard/")) {
            String[] parts = owner.split("/", 3);
            if (parts.length == 3) {
              ids.add(new ResourceID(parts[2], parts[1]));
            }
          }
          return ids;
        })
        .build();
    var loadTests = InformerEventSourceConfiguration.from(LoadTest.class, Dashboard.class)
        .withName("dashboard-loadtests")
        .withNamespacesInheritedFromController()
        .withItemStore(new MetadataOnlyStore<>(LoadTest::new))
        // metrics are declared in the spec; status changes (every poll of a running test) are not news here
        .withOnUpdateFilter((LoadTest before, LoadTest after) ->
            !Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration()))
        .withSecondaryToPrimaryMapper((LoadTest lt) -> dashboards.list(lt.getMetadata().getNamespace(),
                d -> d.getSpec() != null && d.getSpec().panels != null && !d.getSpec().panels.isEmpty())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(configMaps, context), new InformerEventSource<>(loadTests, context));
  }

  /** The dashboard's Grafana JSON, from whichever source its spec has. */
  static ObjectNode render(Dashboard d, Context<Dashboard> context) {
    String ns = d.getMetadata().getNamespace();
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
    next.configMap = before.configMap;
    next.uid = before.uid;
    String invalid = null;
    String conflict = null;
    try {
      String target = DashboardWriter.targetNamespace(d, d.getSpec().namespace, "spec.namespace", grafana);
      ObjectNode json = render(d, context);
      String uid = json.path("uid").asText();
      refuseTakenUid(d, uid, context);
      String where = DashboardWriter.write(context.getClient(), d, configMap(d, target, json), grafana);
      if (before.configMap != null && !before.configMap.equals(where)) {
        // moved (spec.namespace or the operator's Grafana namespace changed): no copy left behind
        DashboardWriter.remove(context.getClient(), d, before.configMap);
      }
      next.configMap = where;
      next.uid = uid;
    } catch (InvalidDashboardException e) {
      invalid = e.getMessage();
    } catch (DashboardConflictException e) {
      conflict = e.getMessage();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e; // a race (409) or the API server away: retried
      }
      conflict = "the operator may not write there: " + e.getMessage() + "; grant it ConfigMaps in that namespace "
          + "(the Helm chart does for grafana.dashboardNamespace)";
    }
    next.conditions = conditions(before.conditions, d.getMetadata().getGeneration(), invalid, conflict, next.configMap);
    UpdateControl<Dashboard> control = JSON.valueToTree(before).equals(JSON.valueToTree(next))
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(fresh(d, next));
    // not written (a refused uid, a conflict): looked at again soon, the holder may have gone
    return control.rescheduleAfter(invalid == null && conflict == null ? RECHECK : RETRY);
  }

  /** Removes the ConfigMap (and GrafanaDashboard) wherever it was written, including another namespace. */
  @Override
  public DeleteControl cleanup(Dashboard d, Context<Dashboard> context) {
    var client = context.getClient();
    var places = new java.util.LinkedHashSet<String>();
    if (d.getStatus() != null && d.getStatus().configMap != null) {
      places.add(d.getStatus().configMap);
    }
    // also where it would go now, should the status have been lost
    String base = DashboardConfigMaps.dashboardName(d.getMetadata().getName());
    places.add(d.getMetadata().getNamespace() + "/" + base);
    String grafanaNs = grafana.namespace();
    if (grafanaNs != null) {
      places.add(grafanaNs + "/" + DashboardWriter.configMapName(d, base, grafanaNs));
    }
    places.forEach(where -> DashboardWriter.remove(client, d, where));
    return DeleteControl.defaultDelete();
  }

  private ConfigMap configMap(Dashboard d, String target, ObjectNode json) {
    String name = d.getMetadata().getName();
    var labels = new LinkedHashMap<String, String>();
    if (d.getSpec().labels != null) {
      labels.putAll(d.getSpec().labels);
    }
    labels.putAll(java.util.Map.of("app.kubernetes.io/name", "loadlab-dashboard", "app.kubernetes.io/instance", name,
        "app.kubernetes.io/part-of", "loadlab", "app.kubernetes.io/managed-by", "loadlab-operator",
        "loadlab.dev/dashboard", name));
    return DashboardConfigMaps.build(DashboardWriter.configMapName(d, DashboardConfigMaps.dashboardName(name), target), target,
        d.getMetadata().getNamespace(), name, d.getSpec().folder, labels, json, grafana);
  }

  /**
   * Grafana keeps one dashboard per uid: of two Dashboards (in any namespaces) with the same uid, the older keeps
   * it and the newer is refused, so no namespace can replace another's dashboard by naming its uid.
   */
  private static void refuseTakenUid(Dashboard d, String uid, Context<Dashboard> context) {
    Comparator<Dashboard> age = Comparator.comparing((Dashboard x) -> Instant.parse(x.getMetadata().getCreationTimestamp()))
        .thenComparing(x -> x.getMetadata().getNamespace() + "/" + x.getMetadata().getName());
    var holder = context.getPrimaryCache().list()
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null && o.getMetadata().getCreationTimestamp() != null)
        .filter(o -> !(o.getMetadata().getNamespace().equals(d.getMetadata().getNamespace())
            && o.getMetadata().getName().equals(d.getMetadata().getName())))
        .filter(o -> uid.equals(DashboardRenderer.uid(o.getMetadata().getNamespace(), o.getMetadata().getName(), o.getSpec())))
        .filter(o -> d.getMetadata().getCreationTimestamp() == null || age.compare(o, d) < 0)
        .min(age);
    if (holder.isPresent()) {
      var o = holder.get();
      throw new InvalidDashboardException((d.getSpec().uid != null ? "spec.uid" : "the uid derived from namespace and name")
          + ": \"" + uid + "\" is already the uid of Dashboard " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
          + " (created earlier), and Grafana keeps only one dashboard per uid; set another spec.uid");
    }
  }

  private static List<Condition> conditions(List<Condition> old, Long generation, String invalid, String conflict, String kept) {
    var out = new ArrayList<Condition>();
    String keeps = kept == null ? "" : "; Grafana keeps the version last written to " + kept;
    out.add(condition("Valid", invalid == null, invalid == null ? "Rendered" : "InvalidDashboard",
        invalid == null ? "the dashboard renders to Grafana JSON" : invalid, generation));
    if (invalid != null) {
      out.add(condition("Ready", false, "InvalidDashboard", invalid + keeps, generation));
    } else if (conflict != null) {
      out.add(condition("Ready", false, "Conflict", conflict + keeps, generation));
    } else {
      out.add(condition("Ready", true, "ConfigMapWritten", "written to " + kept + " for Grafana", generation));
    }
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
