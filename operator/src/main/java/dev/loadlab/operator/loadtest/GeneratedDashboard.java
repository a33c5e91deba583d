package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.operator.OperatorSettings;
import dev.loadlab.operator.grafana.DashboardConfigMaps;
import dev.loadlab.operator.grafana.DashboardConflictException;
import dev.loadlab.operator.grafana.DashboardRenderer;
import dev.loadlab.operator.grafana.DashboardWriter;
import dev.loadlab.operator.grafana.InvalidDashboardException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashSet;

/**
 * The dashboard of a LoadTest (unless {@code dashboards.generate: false}): the standard HTTP panels and one panel
 * per custom metric. It outlives the run (that is when people look at it) and goes with the LoadTest; an invalid
 * edit keeps the last one written.
 */
final class GeneratedDashboard {
  /** Where the dashboard is (namespace/name, or null), and why it could not be written, if it could not. */
  record Outcome(String where, String problem) {
  }

  private GeneratedDashboard() {
  }

  /** What was last written for a LoadTest (by uid): its generation, where, and when. */
  private record Written(Long generation, String where, long atNanos) {
  }

  /** Rendered and compared again at least this often, so a dashboard deleted by hand comes back. */
  private static final long REFRESH_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
  private static final java.util.Map<String, Written> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

  static boolean wanted(LoadTest lt) {
    var d = lt.getSpec().dashboards;
    return d == null || d.generate == null || d.generate;
  }

  static Outcome reconcile(LoadTest lt, Phase phase, String was, KubernetesClient client, OperatorSettings.Grafana grafana) {
    if (!wanted(lt)) {
      if (lt.getMetadata().getUid() != null) {
        WRITTEN.remove(lt.getMetadata().getUid());
      }
      DashboardWriter.remove(client, lt, was);
      return new Outcome(null, null);
    }
    if (phase == null || phase == Phase.Invalid) {
      return new Outcome(was, null);
    }
    // The dashboard follows the spec only: a running test is reconciled every poll, and rendering and comparing it each
    // time cost a GET and a render per poll for nothing (bench/operator-scale.sh).
    String key = lt.getMetadata().getUid();
    Written last = key == null ? null : WRITTEN.get(key);
    if (last != null && java.util.Objects.equals(last.generation(), lt.getMetadata().getGeneration())
        && last.where().equals(was) && System.nanoTime() - last.atNanos() < REFRESH_NANOS) {
      return new Outcome(was, null);
    }
    var settings = lt.getSpec().dashboards;
    String ns = lt.getMetadata().getNamespace();
    try {
      String target = DashboardWriter.targetNamespace(lt, settings == null ? null : settings.namespace, "spec.dashboards.namespace", grafana);
      var cm = DashboardConfigMaps.build(DashboardWriter.configMapName(lt, baseName(lt), target), target, ns,
          "loadtest_" + lt.getMetadata().getName(), settings == null ? null : settings.folder, Labels.common(lt, "dashboard"),
          DashboardRenderer.forLoadTest(lt), grafana);
      String where = DashboardWriter.write(client, lt, cm, grafana);
      if (was != null && !was.equals(where)) {
        DashboardWriter.remove(client, lt, was);
      }
      if (key != null) {
        WRITTEN.put(key, new Written(lt.getMetadata().getGeneration(), where, System.nanoTime()));
      }
      return new Outcome(where, null);
    } catch (InvalidDashboardException | DashboardConflictException e) {
      return new Outcome(was, "dashboard not written: " + e.getMessage());
    } catch (KubernetesClientException e) {
      // e.g. no right to write in Grafana's namespace: the run must not wait for its dashboard
      return new Outcome(was, "dashboard not written: " + e.getMessage());
    }
  }

  /** On deletion: wherever it was written, including another namespace, where no owner reference reaches. */
  static void cleanup(LoadTest lt, KubernetesClient client, OperatorSettings.Grafana grafana) {
    if (lt.getMetadata().getUid() != null) {
      WRITTEN.remove(lt.getMetadata().getUid());
    }
    var places = new LinkedHashSet<String>();
    var s = lt.getStatus();
    if (s != null && s.objects != null && s.objects.dashboardConfigMap != null) {
      places.add(s.objects.dashboardConfigMap);
    }
    if (grafana.namespace() != null) {
      places.add(grafana.namespace() + "/" + DashboardWriter.configMapName(lt, baseName(lt), grafana.namespace()));
    }
    places.forEach(where -> DashboardWriter.remove(client, lt, where));
  }

  private static String baseName(LoadTest lt) {
    return DashboardConfigMaps.dashboardName(lt.getMetadata().getName());
  }
}
