package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.grafana.DashboardWriter;
import dev.loadlab.operator.grafana.DashboardConflictException;
import dev.loadlab.operator.grafana.InvalidDashboardException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jboss.logging.Logger;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import dev.loadlab.api.loadtest.Phase;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.Set;

/**
 * What carries a LoadTest's generated dashboard to Grafana (its ConfigMap; with grafana-operator, a GrafanaDashboard
 * beside it), as a workflow dependent that may live in another namespace: Grafana's, where no owner reference reaches.
 * So each object is found again by its {@value DashboardWriter#OWNER} annotation (not by owner reference), watched in
 * the controller's namespaces and Grafana's, and deleted by the workflow when the LoadTest goes (not by garbage
 * collection). An object of the same name that is not this LoadTest's is never overwritten: creating over it fails with
 * a {@link DashboardConflictException}, which the status reports ({@link #problem}).
 */
abstract class DashboardDependent<R extends HasMetadata> extends CRUDNoGCKubernetesDependentResource<R, LoadTest>
    implements SecondaryToPrimaryMapper<R> {
  static final String SELECTOR = Labels.MANAGED_SELECTOR + ",app.kubernetes.io/component=dashboard";
  private static final String OWNER_PREFIX = "LoadTest/";
  private static final String PROBLEM = "loadlab.dev/dashboard-problem";
  private static final Logger LOG = Logger.getLogger(DashboardDependent.class);

  DashboardDependent(Class<R> type) {
    super(type);
  }

  /**
   * Generated unless switched off ({@code spec.dashboards.generate: false}: deleted), once the LoadTest was validated;
   * an invalid one keeps what it has.
   */
  public static class Wanted implements Condition<Object, LoadTest> {
    @Override
    public boolean isMet(DependentResource<Object, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      if (!GeneratedDashboardDependent.wanted(lt)) {
        GeneratedDashboardDependent.forget(lt);
        return false;
      }
      var s = lt.getStatus();
      return s != null && s.phase != null && (s.phase != Phase.Invalid || dependent.getSecondaryResource(lt, context).isPresent());
    }
  }

  /** What the object should be for a valid LoadTest. */
  abstract R fresh(LoadTest lt);

  /** An invalid edit keeps the object as it is: the last valid spec's dashboard stays in Grafana. */
  @Override
  protected final R desired(LoadTest lt, Context<LoadTest> context) {
    if (lt.getStatus() != null && lt.getStatus().phase == Phase.Invalid) {
      var kept = getSecondaryResource(lt, context);
      if (kept.isPresent()) {
        return kept.get();
      }
    }
    return fresh(lt);
  }

  /** The LoadTest the object was written for, from its owner annotation ({@code LoadTest/<namespace>/<name>}). */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R object) {
    var annotations = object.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(DashboardWriter.OWNER);
    if (owner == null || !owner.startsWith(OWNER_PREFIX)) {
      return Set.of();
    }
    String[] parts = owner.split("/", 3);
    return parts.length == 3 ? Set.of(new ResourceID(parts[2], parts[1])) : Set.of();
  }

  @Override
  protected InformerEventSource<R, LoadTest> createEventSource(EventSourceContext<LoadTest> context) {
    var config = InformerEventSourceConfiguration.from(resourceType(), LoadTest.class).withName(name())
        .withLabelSelector(SELECTOR).withSecondaryToPrimaryMapper(this)
        .withNamespaces(namespaces(context, OperatorSettings.fromConfig().grafana().namespace())).build();
    var source = new InformerEventSource<>(config, context);
    setEventSource(source);
    return source;
  }

  /** The controller's namespaces, and Grafana's when the controller does not watch every namespace anyway. */
  static Set<String> namespaces(EventSourceContext<LoadTest> context, String grafanaNamespace) {
    var informer = context.getControllerConfiguration().getInformerConfig();
    if (informer.watchAllNamespaces() || grafanaNamespace == null) {
      return informer.getNamespaces();
    }
    var namespaces = new HashSet<>(informer.getEffectiveNamespaces(context.getControllerConfiguration()));
    namespaces.add(grafanaNamespace);
    return namespaces;
  }

  /** The owner annotation always; an owner reference too where the object is in the LoadTest's namespace. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, LoadTest lt) {
    DashboardWriter.claim(lt, desired);
  }

  /**
   * Written (a dashboard moved by a spec.dashboards.namespace change: the one left where it was goes), or why not in
   * {@link #problem}: a dashboard that cannot be written must not hold the run up, nor be retried until it can.
   */
  @Override
  public ReconcileResult<R> reconcile(LoadTest lt, Context<LoadTest> context) {
    try {
      var result = super.reconcile(lt, context);
      ResourceID target = targetSecondaryResourceID(lt, context);
      eventSource().ifPresent(source -> source.getSecondaryResources(lt).stream()
          .filter(r -> !ResourceID.fromResource(r).equals(target))
          .forEach(r -> context.getClient().resource(r).delete()));
      return result;
    } catch (InvalidDashboardException | DashboardConflictException e) {
      return notWritten(context, e.getMessage());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 422) {
        // e.g. no right to write in Grafana's namespace
        return notWritten(context, e.getMessage());
      }
      throw e; // the API server away: retried
    }
  }

  private ReconcileResult<R> notWritten(Context<LoadTest> context, String why) {
    context.managedWorkflowAndDependentResourceContext().put(PROBLEM, "dashboard not written: " + why);
    return ReconcileResult.noOperation(null);
  }

  /** Why this reconciliation could not write the dashboard (null: it did, or none is wanted). */
  static String problem(Context<LoadTest> context) {
    return context.managedWorkflowAndDependentResourceContext().get(PROBLEM, String.class).orElse(null);
  }

  /** No right to remove it (any more): left behind, logged; better than a LoadTest that can never be deleted. */
  @Override
  public void delete(LoadTest lt, Context<LoadTest> context) {
    try {
      super.delete(lt, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      LOG.warnf("could not remove the dashboard of LoadTest %s/%s: %s", lt.getMetadata().getNamespace(),
          lt.getMetadata().getName(), e.getMessage());
    }
  }

  /** The ConfigMap is this LoadTest's (written now or before): what the GrafanaDashboard beside it needs. */
  public static class Written implements Condition<Object, LoadTest> {
    @Override
    public boolean isMet(DependentResource<Object, LoadTest> dependent, LoadTest lt, Context<LoadTest> context) {
      return problem(context) == null && dependent.getSecondaryResource(lt, context).isPresent();
    }
  }

  @Override
  public R create(R desired, LoadTest lt, Context<LoadTest> context) {
    try {
      return super.create(desired, lt, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // not in our cache, yet there: someone else's (or written by hand)
      R existing = context.getClient().resource(desired).get();
      throw existing == null ? e : DashboardWriter.conflict(lt, existing, desired.getKind());
    }
  }
}
