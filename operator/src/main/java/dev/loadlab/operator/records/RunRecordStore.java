package dev.loadlab.operator.records;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.PastRun;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.OperatorSettings;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps each run's record next to the LoadTest in a ConfigMap {@code <loadtest>-run-<n>}, owned by it so that it
 * goes with it, and only for the runs that {@code status.history} still lists. Without a bucket the ConfigMap holds
 * the record (binaryData {@code record.json.gz}, fitted to its budget); with an S3-compatible bucket the whole record
 * goes there and the ConfigMap holds where (data {@code location}, {@code endpoint}, {@code region}, {@code key}).
 * docs/results.md says what a record holds and costs.
 */
public final class RunRecordStore {
  public static final String COMPONENT = "run-record";
  private static final Logger LOG = Logger.getLogger(RunRecordStore.class);
  private final int budget;
  private final RecordBucketClient bucket;

  public RunRecordStore(OperatorSettings settings) {
    this.budget = settings.recordBudgetBytes();
    this.bucket = settings.recordBucket() == null ? null : new RecordBucketClient(settings.recordBucket());
  }

  public static String name(LoadTest lt, int run) {
    return lt.getMetadata().getName() + "-run-" + run;
  }

  /**
   * Writes the record of the run that just ended; what went wrong is in the answer's {@code error}, never thrown:
   * a record that cannot be written costs the record, not the verdict.
   *
   * @param runnerPods the run's runners by index, with their region
   */
  public RecordStatus write(LoadTest lt, LoadTestStatus s, MergedResults merged, List<RunRecord.Runner> runnerPods,
      KubernetesClient client) {
    var status = new RecordStatus();
    String name = name(lt, s.run);
    String ns = lt.getMetadata().getNamespace();
    status.report = "loadlab report " + lt.getMetadata().getName() + " -n " + ns + " --run " + s.run + " -o report.html";
    RunRecord record;
    try {
      record = RecordContents.of(lt, s, merged, runnerPods);
    } catch (RuntimeException e) {
      status.error = "the run record could not be made: " + e.getMessage();
      return status;
    }
    String bucketError = null;
    if (bucket != null) {
      String key = bucket.bucket().key(ns, lt.getMetadata().getName(), s.run);
      try {
        byte[] whole = RunRecordCodec.gzip(record);
        String url = bucket.put(key, whole);
        var data = new LinkedHashMap<String, String>();
        data.put("location", url);
        data.put("key", key);
        data.put("region", bucket.bucket().region());
        if (bucket.bucket().endpoint() != null) {
          data.put("endpoint", bucket.bucket().endpoint());
        }
        client.configMaps().inNamespace(ns).resource(configMap(lt, s, name, data, null)).createOr(c -> c.update());
        status.configMap = name;
        status.url = url;
        status.bytes = (long) whole.length;
        return status;
      } catch (RuntimeException e) {
        bucketError = "the record could not be put in the bucket (" + e.getMessage() + "); it is in ConfigMap " + name
            + " meanwhile, fitted to its budget";
      }
    }
    try {
      byte[] bytes = RecordBudget.fit(record, budget);
      client.configMaps().inNamespace(ns)
          .resource(configMap(lt, s, name, null, Map.of(RunRecordCodec.CONFIG_MAP_KEY, Base64.getEncoder().encodeToString(bytes))))
          .createOr(c -> c.update());
      status.configMap = name;
      status.bytes = (long) bytes.length;
      status.dropped = record.dropped.isEmpty() ? null : List.copyOf(record.dropped);
      status.error = bucketError;
    } catch (KubernetesClientException e) {
      status.error = (bucketError == null ? "" : bucketError + "; ") + "ConfigMap " + name + " could not be written: " + e.getMessage();
    } catch (RuntimeException e) {
      status.error = "the run record could not be stored: " + e.getMessage();
    }
    return status;
  }

  private static ConfigMap configMap(LoadTest lt, LoadTestStatus s, String name, Map<String, String> data,
      Map<String, String> binaryData) {
    Map<String, String> labels = Labels.common(lt, COMPONENT);
    labels.put(Labels.RUN, Integer.toString(s.run));
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(lt.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(lt.getApiVersion()).withKind(lt.getKind())
            .withName(lt.getMetadata().getName()).withUid(lt.getMetadata().getUid()).withController(true)
            .withBlockOwnerDeletion(false).build())
        .endMetadata()
        .withData(data).withBinaryData(binaryData).build();
  }

  /** Reads a stored record: from its ConfigMap, or from the bucket the ConfigMap points to. */
  public RunRecord read(String namespace, String configMap, KubernetesClient client) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(configMap).get();
    if (cm == null) {
      throw new IllegalStateException("ConfigMap " + configMap + " is gone");
    }
    if (cm.getData() != null && cm.getData().containsKey("key")) {
      if (bucket == null) {
        throw new IllegalStateException("ConfigMap " + configMap + " points to " + cm.getData().get("location")
            + ", and no bucket is configured (records.s3)");
      }
      return RunRecordCodec.read(bucket.get(cm.getData().get("key")));
    }
    if (cm.getBinaryData() == null || !cm.getBinaryData().containsKey(RunRecordCodec.CONFIG_MAP_KEY)) {
      throw new IllegalStateException("ConfigMap " + configMap + " holds no run record");
    }
    return RunRecordCodec.read(Base64.getDecoder().decode(cm.getBinaryData().get(RunRecordCodec.CONFIG_MAP_KEY)));
  }

  /**
   * Deletes the records of runs that are neither the current one nor in status.history any more (and their objects in
   * the bucket; a LoadTest's own deletion leaves its objects to the bucket's lifecycle rules).
   */
  public void prune(LoadTest lt, LoadTestStatus s, KubernetesClient client) {
    Set<String> keep = new HashSet<>();
    if (s.record != null && s.record.configMap != null) {
      keep.add(s.record.configMap);
    }
    if (s.history != null) {
      s.history.stream().map((PastRun h) -> h.record).filter(r -> r != null).forEach(keep::add);
    }
    List<ConfigMap> records;
    try {
      records = client.configMaps().inNamespace(lt.getMetadata().getNamespace())
          .withLabel(Labels.LOADTEST, lt.getMetadata().getName()).withLabel("app.kubernetes.io/component", COMPONENT)
          .list().getItems();
    } catch (KubernetesClientException e) {
      LOG.warnf("run records of %s/%s could not be listed (they are pruned at the next run's end): %s",
          lt.getMetadata().getNamespace(), lt.getMetadata().getName(), e.getMessage());
      return;
    }
    for (ConfigMap cm : records) {
      if (keep.contains(cm.getMetadata().getName())) {
        continue;
      }
      String key = cm.getData() == null ? null : cm.getData().get("key");
      if (key != null && bucket != null) {
        try {
          bucket.delete(key);
        } catch (RuntimeException e) {
          LOG.warnf("run record %s/%s: the object %s could not be deleted from the bucket: %s",
              lt.getMetadata().getNamespace(), cm.getMetadata().getName(), key, e.getMessage());
        }
      }
      try {
        client.resource(cm).delete();
      } catch (KubernetesClientException e) {
        LOG.warnf("run record %s/%s could not be deleted: %s", lt.getMetadata().getNamespace(), cm.getMetadata().getName(),
            e.getMessage());
      }
    }
  }
}
