package dev.loadlab.runner.cli;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.PastRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.loadlab.results.record.RunRecordCodec;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * Finds a run's record in the cluster as the user may read it (their kubeconfig): the LoadTest's status names
 * the ConfigMap of the current run ({@code status.record}) and of earlier ones ({@code status.history[].record}).
 * Every way of not finding it is said in words that tell what to do.
 */
final class ClusterRecords {
  /** How long a run that ended is given for its record to appear in status.record. */
  private static final java.time.Duration RECORD_FOLLOWS = java.time.Duration.ofSeconds(10);

  private ClusterRecords() {
  }

  private static LoadTest loadTest(KubernetesClient client, String namespace, String name) {
    try {
      return client.resources(LoadTest.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot read LoadTest " + namespace + "/" + name + ": " + e.getMessage(), e);
    }
  }

  /** The gzipped record of run {@code run} (null: the current run) of LoadTest namespace/name. */
  static byte[] read(KubernetesClient client, String namespace, String name, Integer run) {
    LoadTest lt;
    lt = loadTest(client, namespace, name);
    // the operator writes a run's record right after its verdict: a moment after the end, status.record names it
    long deadline = System.nanoTime() + RECORD_FOLLOWS.toNanos();
    while (lt != null && lt.getStatus() != null && lt.getStatus().endTime != null && lt.getStatus().record == null
        && (run == null || run.equals(lt.getStatus().run)) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      lt = loadTest(client, namespace, name);
    }
    if (lt == null) {
      throw new IllegalStateException("LoadTest " + namespace + "/" + name + " not found (kubectl get loadtests -n " + namespace + ")");
    }
    LoadTestStatus s = lt.getStatus();
    if (s == null || s.run == null) {
      throw new IllegalStateException("LoadTest " + namespace + "/" + name + " has not run yet");
    }
    int wanted = run == null ? s.run : run;
    String configMap;
    if (wanted == s.run) {
      if (s.record == null) {
        throw new IllegalStateException("run " + wanted + " of " + namespace + "/" + name + " is " + s.phase
            + (s.endTime == null ? ": its record is written when it ends (kubectl get lt " + name + " -w)" : " and has no record"));
      }
      if (s.record.configMap == null) {
        throw new IllegalStateException("run " + wanted + " has no record: " + s.record.error);
      }
      configMap = s.record.configMap;
    } else {
      PastRun past = s.history == null ? null : s.history.stream().filter(h -> h.run != null && h.run == wanted).findFirst().orElse(null);
      if (past == null || past.record == null) {
        String kept = s.history == null ? "" : s.history.stream().filter(h -> h.record != null).map(h -> Integer.toString(h.run))
            .collect(Collectors.joining(", "));
        throw new IllegalStateException("run " + wanted + " of " + namespace + "/" + name + " has no record any more; records "
            + "are kept for the runs in status.history" + (kept.isEmpty() ? "" : " (" + kept + ")") + " and the current run ("
            + s.run + ")");
      }
      configMap = past.record;
    }
    ConfigMap cm;
    try {
      cm = client.configMaps().inNamespace(namespace).withName(configMap).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot read ConfigMap " + namespace + "/" + configMap + ": " + e.getMessage(), e);
    }
    if (cm != null && cm.getData() != null && cm.getData().containsKey("location")) {
      return fromBucket(cm.getData(), namespace + "/" + configMap);
    }
    if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(RunRecordCodec.CONFIG_MAP_KEY)) {
      throw new IllegalStateException("ConfigMap " + namespace + "/" + configMap + " holds no run record (" + RunRecordCodec.CONFIG_MAP_KEY + ")");
    }
    return Base64.getDecoder().decode(cm.getBinaryData().get(RunRecordCodec.CONFIG_MAP_KEY));
  }

  /**
   * A record the operator put in an S3-compatible bucket: the ConfigMap says where; the credentials are the
   * user's own (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~/.aws/credentials).
   */
  private static byte[] fromBucket(java.util.Map<String, String> pointer, String configMap) {
    String location = pointer.get("location");
    var url = java.net.URI.create(location);
    String bucket = url.getHost();
    String key = pointer.getOrDefault("key", url.getPath().replaceFirst("^/", ""));
    var builder = software.amazon.awssdk.services.s3.S3Client.builder()
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .region(software.amazon.awssdk.regions.Region.of(pointer.getOrDefault("region", "us-east-1")))
        // checksums only where S3 requires them, as the operator writes: S3-compatible servers refuse the rest
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
    if (pointer.get("endpoint") != null) {
      builder.endpointOverride(java.net.URI.create(pointer.get("endpoint"))).forcePathStyle(true);
    }
    try (var s3 = builder.build()) {
      return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new IllegalStateException("the record is in " + location + (pointer.get("endpoint") == null ? ""
          : " at " + pointer.get("endpoint")) + " (ConfigMap " + configMap + "), and reading it failed: " + e.getMessage()
          + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to credentials that may read it", e);
    }
  }
}
