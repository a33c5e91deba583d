package dev.loadlab.operator.records;

import dev.loadlab.api.loadtest.Baseline;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.PastRun;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.results.Baselines;
import dev.loadlab.results.record.RunRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The earlier runs baseline thresholds compare with, from the stored run records: this LoadTest's
 * {@code status.history} (or another LoadTest's, in the same namespace, its current run included once it ended).
 * A record once read is kept for the runs that ask again (live abortOnFail evaluation asks every poll).
 */
public final class RecordBaselines {
  private final RunRecordStore store;
  private final KubernetesClient client;
  private final Map<String, Baselines.Found> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Baselines.Found> eldest) {
      return size() > 64;
    }
  });

  public RecordBaselines(RunRecordStore store, KubernetesClient client) {
    this.store = store;
    this.client = client;
  }

  /** The baselines of the current run of {@code lt}, whose status is {@code s}. */
  public Baselines forRun(LoadTest lt, LoadTestStatus s) {
    return baseline -> {
      String key = lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName() + "/" + s.run + "/"
          + (baseline == null ? "" : Objects.toString(baseline.loadTest, "") + "/" + Objects.toString(baseline.run, ""));
      Baselines.Found cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      Baselines.Found found = find(lt, s, baseline);
      cache.put(key, found);
      return found;
    };
  }

  private Baselines.Found find(LoadTest lt, LoadTestStatus s, Baseline baseline) {
    String ns = lt.getMetadata().getNamespace();
    String which = baseline == null || baseline.run == null ? "lastPassed" : baseline.run;
    String other = baseline == null || baseline.loadTest == null || baseline.loadTest.equals(lt.getMetadata().getName())
        ? null : baseline.loadTest;
    List<PastRun> runs = new ArrayList<>();
    if (other == null) {
      if (s.history != null) {
        runs.addAll(s.history);
      }
    } else {
      LoadTest that;
      try {
        that = client.resources(LoadTest.class).inNamespace(ns).withName(other).get();
      } catch (RuntimeException e) {
        return Baselines.Found.none("LoadTest " + other + " could not be read: " + e.getMessage());
      }
      if (that == null || that.getStatus() == null) {
        return Baselines.Found.none("LoadTest " + other + " is not in " + ns + " or has not run");
      }
      LoadTestStatus ts = that.getStatus();
      if (ts.endTime != null && ts.record != null) {
        var current = new PastRun();
        current.run = ts.run;
        current.phase = ts.phase;
        current.record = ts.record.configMap;
        runs.add(current);
      }
      if (ts.history != null) {
        runs.addAll(ts.history);
      }
    }
    String whose = other == null ? "" : other + " ";
    PastRun chosen = switch (which) {
      case "previous" -> runs.isEmpty() ? null : runs.get(0);
      case "lastPassed" -> runs.stream().filter(r -> r.phase == Phase.Succeeded).findFirst().orElse(null);
      default -> runs.stream().filter(r -> r.run != null && r.run == Integer.parseInt(which)).findFirst().orElse(null);
    };
    if (chosen == null) {
      return Baselines.Found.none(switch (which) {
        case "previous" -> "no earlier run of " + (other == null ? "this LoadTest" : other);
        case "lastPassed" -> "no earlier run of " + (other == null ? "this LoadTest" : other) + " ended Succeeded";
        default -> whose + "run " + which + " is not kept (status.history keeps "
            + runs.stream().map(r -> String.valueOf(r.run)).toList() + ")";
      });
    }
    if (chosen.record == null) {
      return Baselines.Found.none(whose + "run " + chosen.run + " has no run record");
    }
    try {
      RunRecord record = store.read(ns, chosen.record, client);
      return new Baselines.Found(new Baselines.Run(record.totals, record.durationSeconds, whose + "run " + chosen.run), null);
    } catch (RuntimeException e) {
      return Baselines.Found.none(whose + "run " + chosen.run + "'s record could not be read: " + e.getMessage());
    }
  }
}
