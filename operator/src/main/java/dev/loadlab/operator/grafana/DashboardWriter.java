package dev.loadlab.operator.grafana;

import dev.loadlab.operator.InstalledCrds;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.Writes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes a dashboard where Grafana picks it up, and takes it away again: for the Dashboard controller; a LoadTest's
 * generated dashboard is a workflow dependent ({@code loadtest.GeneratedDashboardDependent}) that keeps the same rules
 * with {@link #claim} and {@link #conflict}.
 *
 * <p>The ConfigMap goes to the owner's namespace, or to the one Grafana namespace the operator is configured with
 * (a Grafana sidecar that watches only its own namespace) and nowhere else: a user who may create Dashboards in
 * one namespace cannot have the operator write elsewhere. In its own namespace the ConfigMap is owned by the
 * resource (garbage collected with it); in Grafana's namespace it cannot be, and the resource's finalizer removes
 * it. There its name is prefixed with the owner's namespace. Every ConfigMap carries a {@value #OWNER} annotation,
 * and an existing object written for someone else (or by hand) is never overwritten nor deleted: that is a
 * {@link DashboardConflictException}.
 *
 * <p>With grafana-operator configured (and its CRD installed), a {@code GrafanaDashboard} with a
 * {@code configMapRef} to the ConfigMap is written beside it, under the same rules.
 */
public final class DashboardWriter {
  public static final String OWNER = "loadlab.dev/owner";
  private static final Logger LOG = Logger.getLogger(DashboardWriter.class);
  static final ResourceDefinitionContext GRAFANA_DASHBOARDS = new ResourceDefinitionContext.Builder()
      .withGroup("grafana.integreatly.org").withVersion("v1beta1").withKind("GrafanaDashboard").withPlural("grafanadashboards")
      .withNamespaced(true).build();

  private DashboardWriter() {
  }

  /**
   * Where the owner's dashboard goes: {@code requested} (the field named {@code field}), else the configured
   * Grafana namespace, else the owner's own. Only those two are allowed.
   */
  public static String targetNamespace(HasMetadata owner, String requested, String field, OperatorSettings.Grafana grafana) {
    String own = owner.getMetadata().getNamespace();
    String configured = grafana.namespace();
    String target = requested != null && !requested.isBlank() ? requested : configured != null ? configured : own;
    if (!target.equals(own) && !target.equals(configured)) {
      throw new InvalidDashboardException(field + ": the operator writes dashboards only to the resource's own namespace (\""
          + own + "\")" + (configured == null ? "" : " or to Grafana's namespace (\"" + configured + "\")") + ", not to \""
          + target + "\"; remove " + field + (configured == null
              ? ", or have the operator configured with the Grafana namespace (Helm value grafana.dashboardNamespace)" : ""));
    }
    return target;
  }

  /** {@code base} in the owner's namespace; elsewhere {@code <namespace>.<base>} (at most 253 characters). */
  public static String configMapName(HasMetadata owner, String base, String targetNamespace) {
    String own = owner.getMetadata().getNamespace();
    if (own.equals(targetNamespace)) {
      return base;
    }
    String full = own + "." + base;
    return full.length() <= 253 ? full : full.substring(0, 244) + "-" + hash(full);
  }

  public static String ownerId(HasMetadata owner) {
    return owner.getKind() + "/" + owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
  }

  /**
   * Creates or updates {@code desired} (and its GrafanaDashboard with grafana-operator), changing nothing when it
   * is already as wanted.
   *
   * @return where it is, as namespace/name
   */
  public static String write(KubernetesClient client, HasMetadata owner, ConfigMap desired, OperatorSettings.Grafana grafana) {
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    claim(owner, desired);
    var configMaps = client.configMaps().inNamespace(ns);
    ConfigMap existing = configMaps.withName(name).get();
    refuseForeign(owner, existing, "ConfigMap");
    Writes.createOrUpdate(configMaps, existing, desired, ConfigMap::getData);
    if (grafana.grafanaOperator() && InstalledCrds.present(client, InstalledCrds.GRAFANA_DASHBOARDS)) {
      writeGrafanaDashboard(client, owner, desired, grafana);
    }
    return ns + "/" + name;
  }

  /** Removes what {@link #write} wrote at {@code where} (namespace/name), if it is this owner's. */
  public static void remove(KubernetesClient client, HasMetadata owner, String where) {
    if (where == null || where.indexOf('/') < 0) {
      return;
    }
    String ns = where.substring(0, where.indexOf('/'));
    String name = where.substring(where.indexOf('/') + 1);
    try {
      var cm = client.configMaps().inNamespace(ns).withName(name);
      ConfigMap existing = cm.get();
      if (existing != null && ownedBy(existing, owner)) {
        cm.delete();
      }
      if (InstalledCrds.present(client, InstalledCrds.GRAFANA_DASHBOARDS)) {
        var gd = client.genericKubernetesResources(GRAFANA_DASHBOARDS).inNamespace(ns).withName(name);
        var found = gd.get();
        if (found != null && ownedBy(found, owner)) {
          gd.delete();
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e; // the API server away: retried
      }
      // no right there (any more): a dashboard left behind is better than a resource that can never be deleted
      LOG.warnf("could not remove the dashboard %s of %s: %s", where, ownerId(owner), e.getMessage());
    }
  }

  /** Written for this owner: its annotation, or (written before the annotation existed) its owner reference. */
  public static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    var annotations = object.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(OWNER)) {
      return ownerId(owner).equals(annotations.get(OWNER));
    }
    var refs = object.getMetadata().getOwnerReferences();
    return refs != null && owner.getMetadata().getUid() != null
        && refs.stream().anyMatch(r -> owner.getMetadata().getUid().equals(r.getUid()));
  }

  private static void writeGrafanaDashboard(KubernetesClient client, HasMetadata owner, ConfigMap configMap,
      OperatorSettings.Grafana grafana) {
    var desired = new GenericKubernetesResource();
    desired.setApiVersion("grafana.integreatly.org/v1beta1");
    desired.setKind("GrafanaDashboard");
    desired.setMetadata(new ObjectMetaBuilder().withName(configMap.getMetadata().getName())
        .withNamespace(configMap.getMetadata().getNamespace()).withLabels(configMap.getMetadata().getLabels()).build());
    desired.setAdditionalProperty("spec", grafanaDashboardSpec(configMap, grafana));
    claim(owner, desired);
    var dashboards = client.genericKubernetesResources(GRAFANA_DASHBOARDS).inNamespace(configMap.getMetadata().getNamespace());
    var existing = dashboards.withName(desired.getMetadata().getName()).get();
    refuseForeign(owner, existing, "GrafanaDashboard");
    Writes.createOrUpdate(dashboards, existing, desired, gd -> gd.getAdditionalProperties().get("spec"));
  }

  /** The spec of the GrafanaDashboard that has grafana-operator import {@code configMap}'s dashboard. */
  public static Map<String, Object> grafanaDashboardSpec(ConfigMap configMap, OperatorSettings.Grafana grafana) {
    String key = configMap.getData().keySet().iterator().next();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("instanceSelector", Map.of("matchLabels", grafana.grafanaOperatorSelector()));
    spec.put("configMapRef", Map.of("name", configMap.getMetadata().getName(), "key", key));
    spec.put("folder", configMap.getMetadata().getAnnotations().get("grafana_folder"));
    return spec;
  }

  /** The owner annotation, and an owner reference where the owner lives in the same namespace. */
  public static void claim(HasMetadata owner, HasMetadata object) {
    var annotations = new LinkedHashMap<String, String>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.put(OWNER, ownerId(owner));
    object.getMetadata().setAnnotations(annotations);
    if (owner.getMetadata().getNamespace().equals(object.getMetadata().getNamespace())) {
      object.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
          .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
          .withController(true).withBlockOwnerDeletion(false).build()));
    } else {
      object.getMetadata().setOwnerReferences(null);
    }
  }

  private static void refuseForeign(HasMetadata owner, HasMetadata existing, String kind) {
    if (existing != null && !ownedBy(existing, owner)) {
      throw conflict(owner, existing, kind);
    }
  }

  /** {@code existing} is in the way of {@code owner}'s dashboard and is someone else's. */
  public static DashboardConflictException conflict(HasMetadata owner, HasMetadata existing, String kind) {
    var annotations = existing.getMetadata().getAnnotations();
    String holder = annotations == null ? null : annotations.get(OWNER);
    return new DashboardConflictException(kind + " " + existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName()
        + " already exists and " + (holder == null ? "was not written by loadlab" : "belongs to " + holder)
        + "; it is left as it is. Rename this " + owner.getKind() + ", or delete that " + kind + " if it is stale");
  }

  private static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
