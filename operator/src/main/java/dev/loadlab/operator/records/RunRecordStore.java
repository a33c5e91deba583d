package dev.loadlab.operator.records;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.PastRun;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.loadtest.Labels;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.record.RecordBudget;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.results.record.RunRecordCodec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each run's record in a ConfigMap {@code <loadtest>-run-<n>} next to the LoadTest (binaryData
 * {@code record.json.gz}, gzipped JSON {@code loadlab.dev/run/v1}), owned by it so that it goes with it, and only for the
 * runs that {@code status.history} still lists. docs/results.md says what a record holds and costs.
 */
public final class RunRecordStore {
  public static final String KEY = RunRecordCodec.CONFIG_MAP_KEY;
  public static final String COMPONENT = "run-record";

  private RunRecordStore() {
  }

  public static String name(LoadTest lt, int run) {
    return lt.getMetadata().getName() + "-run-" + run;
  }

  /**
   * Writes the record of the run that just ended; what went wrong is in the answer's {@code error}, never thrown:
   * a record that cannot be written costs the record, not the verdict.
   *
   * @param runnerPods the run's runner pods by index
   */
  public static RecordStatus write(LoadTest lt, LoadTestStatus s, MergedResults merged, List<String> runnerPods,
      KubernetesClient client, int budget) {
    var status = new RecordStatus();
    String name = name(lt, s.run);
    status.report = "loadlab report " + lt.getMetadata().getName() + " -n " + lt.getMetadata().getNamespace() + " --run "
        + s.run + " -o report.html";
    try {
      RunRecord record = RecordContents.of(lt, s, merged, runnerPods);
      byte[] bytes = RecordBudget.fit(record, budget);
      Map<String, String> labels = Labels.common(lt, COMPONENT);
      labels.put(Labels.RUN, Integer.toString(s.run));
      ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(lt.getMetadata().getNamespace())
          .withLabels(labels)
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(lt.getApiVersion()).withKind(lt.getKind())
              .withName(lt.getMetadata().getName()).withUid(lt.getMetadata().getUid()).withController(true)
              .withBlockOwnerDeletion(false).build())
          .endMetadata()
          .withBinaryData(Map.of(KEY, Base64.getEncoder().encodeToString(bytes))).build();
      client.configMaps().inNamespace(lt.getMetadata().getNamespace()).resource(cm).createOr(c -> c.update());
      status.configMap = name;
      status.bytes = (long) bytes.length;
      status.dropped = record.dropped.isEmpty() ? null : List.copyOf(record.dropped);
    } catch (KubernetesClientException e) {
      status.error = "ConfigMap " + name + " could not be written: " + e.getMessage();
    } catch (RuntimeException e) {
      status.error = "the run record could not be made: " + e.getMessage();
    }
    return status;
  }

  /** Deletes the records of runs that are neither the current one nor in status.history any more. */
  public static void prune(LoadTest lt, LoadTestStatus s, KubernetesClient client) {
    Set<String> keep = new HashSet<>();
    if (s.record != null && s.record.configMap != null) {
      keep.add(s.record.configMap);
    }
    if (s.history != null) {
      s.history.stream().map((PastRun h) -> h.record).filter(r -> r != null).forEach(keep::add);
    }
    var records = client.configMaps().inNamespace(lt.getMetadata().getNamespace())
        .withLabel(Labels.LOADTEST, lt.getMetadata().getName()).withLabel("app.kubernetes.io/component", COMPONENT).list();
    for (ConfigMap cm : records.getItems()) {
      if (!keep.contains(cm.getMetadata().getName())) {
        client.resource(cm).delete();
      }
    }
  }
}
