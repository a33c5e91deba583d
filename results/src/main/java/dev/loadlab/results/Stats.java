package dev.loadlab.results;

import dev.loadlab.api.loadtest.MetricType;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Everything a runner records: per-resource request figures, iterations, checks, groups, connection errors and
 * custom metrics (the WebSocket, gRPC and streamed-response built-ins among them). One instance per event loop is written by that loop
 * only ({@link LoopMetrics}); copies of it are merged exactly (histograms added, not percentiles averaged).
 */
public final class Stats {
  final Map<ResourceKey, ResourceStats> resources = new HashMap<>();
  final Map<String, ScenarioStats> scenarios = new TreeMap<>();
  final Map<String, long[]> checks = new TreeMap<>();
  final Map<String, Histogram> groups = new TreeMap<>();
  final Map<String, long[]> connectionErrors = new TreeMap<>();
  /** Expressions (checks, metrics, extract) that failed to evaluate, by field: e.g. a missing JSON field. */
  final Map<String, long[]> expressionErrors = new TreeMap<>();
  final Map<CustomKey, CustomSeries> custom = new HashMap<>();
  final Histogram allDurations = ResourceStats.histogram();
  long requests;
  long failures;
  long bytesSent;
  long bytesReceived;

  /** A custom metric series: metric name, resource ("" when recorded for the whole test) and tags. */
  public record CustomKey(String name, String resource, Map<String, String> tags) {
    public CustomKey {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public CustomKey(String name, String resource) {
      this(name, resource, Map.of());
    }
  }

  public static final class ScenarioStats {
    final Histogram iterationDuration = ResourceStats.histogram();
    long iterations;
    long interrupted;
    long dropped;

    public long iterations() {
      return iterations;
    }

    public long dropped() {
      return dropped;
    }

    public long interrupted() {
      return interrupted;
    }

    public Histogram iterationDuration() {
      return iterationDuration;
    }
  }

  ResourceStats resource(ResourceKey key) {
    return resources.computeIfAbsent(key, k -> new ResourceStats());
  }

  ScenarioStats scenario(String name) {
    return scenarios.computeIfAbsent(name, k -> new ScenarioStats());
  }

  CustomSeries custom(CustomKey key, MetricType type, String units) {
    return custom.computeIfAbsent(key, k -> new CustomSeries(type, units));
  }

  /** Leaves out the per-resource figures, keeping the overall ones (a run record over its budget). */
  public void dropResources() {
    resources.clear();
  }

  /** Leaves out each resource's request-phase histograms (blocked .. receiving), keeping its durations. */
  public void dropRequestPhases() {
    resources.values().forEach(ResourceStats::dropPhases);
  }

  public Stats copy() {
    var c = new Stats();
    c.add(this);
    return c;
  }

  /** Adds another runner's or loop's figures to these. */
  public void add(Stats o) {
    add(o, false);
  }

  /**
   * Adds what an interval keeps of another's figures ({@link #add(Stats)} without the request phases, groups
   * and expression errors): counters, the duration histograms, iterations, checks, connection errors, custom metrics.
   */
  public void addLean(Stats o) {
    add(o, true);
  }

  private void add(Stats o, boolean lean) {
    o.resources.forEach((k, v) -> {
      ResourceStats r = resources.computeIfAbsent(k, x -> new ResourceStats());
      if (lean) {
        r.addLean(v);
      } else {
        r.add(v);
      }
    });
    o.scenarios.forEach((k, v) -> {
      ScenarioStats s = scenario(k);
      s.iterationDuration.add(v.iterationDuration);
      s.iterations += v.iterations;
      s.interrupted += v.interrupted;
      s.dropped += v.dropped;
    });
    o.checks.forEach((k, v) -> {
      long[] c = checks.computeIfAbsent(k, x -> new long[2]);
      c[0] += v[0];
      c[1] += v[1];
    });
    if (!lean) {
      o.groups.forEach((k, v) -> groups.computeIfAbsent(k, x -> ResourceStats.histogram()).add(v));
      o.expressionErrors.forEach((k, v) -> expressionErrors.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    }
    o.connectionErrors.forEach((k, v) -> connectionErrors.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    o.custom.forEach((k, v) -> custom.computeIfAbsent(k, x -> new CustomSeries(v.type, v.units)).add(v));
    allDurations.add(o.allDurations);
    requests += o.requests;
    failures += o.failures;
    bytesSent += o.bytesSent;
    bytesReceived += o.bytesReceived;
  }

  public Map<ResourceKey, ResourceStats> resources() {
    return resources;
  }

  /**
   * The resources that made requests (HTTP, and gRPC calls in their HTTP view): what the request figures list. A
   * WebSocket step's resource carries only its bytes (data_sent, data_received); its sessions are ws_* metrics.
   */
  public Map<ResourceKey, ResourceStats> requestResources() {
    var out = new HashMap<ResourceKey, ResourceStats>();
    resources.forEach((k, r) -> {
      if (r.requests > 0) {
        out.put(k, r);
      }
    });
    return out;
  }

  public Map<String, ScenarioStats> scenarios() {
    return scenarios;
  }

  public Map<String, long[]> checks() {
    return checks;
  }

  public Map<String, Histogram> groups() {
    return groups;
  }

  public Map<String, long[]> connectionErrors() {
    return connectionErrors;
  }

  public Map<String, long[]> expressionErrors() {
    return expressionErrors;
  }

  public Map<CustomKey, CustomSeries> custom() {
    return custom;
  }

  public Histogram allDurations() {
    return allDurations;
  }



  public long requests() {
    return requests;
  }

  public long failures() {
    return failures;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long iterations() {
    return scenarios.values().stream().mapToLong(s -> s.iterations).sum();
  }

  public long dropped() {
    return scenarios.values().stream().mapToLong(s -> s.dropped).sum();
  }


}
