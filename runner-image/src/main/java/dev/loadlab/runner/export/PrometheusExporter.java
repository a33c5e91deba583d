package dev.loadlab.runner.export;

import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.health.RunnerHealth;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a scrape of {@code /metrics} sees: the runner's figures, taken from the event loops at scrape time
 * (nothing extra on the request path), as Prometheus metrics. Built-in metrics are {@code loadlab_*} in
 * base units; trends are classic histograms (they add up across pods; summaries would not); user metrics
 * keep the user's name: timings in seconds ({@code NAME_seconds}), trends on fixed 1-2.5-5 buckets from
 * 1e-4 to 1e7 (tokens, USD, items), counters {@code NAME_total}, rates as {@code NAME_total{value="true|false"}},
 * gauges as gauges, keyed histograms as {@code NAME_total{key=...}}.
 */
public final class PrometheusExporter implements MultiCollector {
  /** Seconds: from 1 ms to a minute. */
  static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  /** Any other unit: 1, 2.5, 5 per decade over eleven decades. */
  static final double[] WIDE = wide();

  private final Supplier<Stats> stats;
  private final IntSupplier activeVus;
  private final IntSupplier maxVus;
  private final Supplier<RunnerHealth.Live> health;

  public PrometheusExporter(Supplier<Stats> stats, IntSupplier activeVus, IntSupplier maxVus) {
    this(stats, activeVus, maxVus, () -> null);
  }

  /** @param health whether the runner keeps up ({@link RunnerHealth#live()}; null before the run starts) */
  public PrometheusExporter(Supplier<Stats> stats, IntSupplier activeVus, IntSupplier maxVus,
      Supplier<RunnerHealth.Live> health) {
    this.stats = stats;
    this.activeVus = activeVus;
    this.maxVus = maxVus;
    this.health = health;
  }

  private static double[] wide() {
    var b = new ArrayList<Double>();
    for (int e = -4; e <= 6; e++) {
      for (double m : new double[] {1, 2.5, 5}) {
        b.add(Double.parseDouble(m + "e" + e));
      }
    }
    b.add(1e7);
    return b.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public MetricSnapshots collect() {
    Stats s = stats.get();
    var out = new ArrayList<MetricSnapshot>();
    var order = java.util.Comparator.comparing(ResourceKey::scenario).thenComparing(ResourceKey::resource)
        .thenComparing(k -> new TreeMap<>(k.tags()).toString());
    Map<ResourceKey, ResourceStats> res = new TreeMap<>(order);
    res.putAll(s.resources());
    Map<ResourceKey, ResourceStats> requests = new TreeMap<>(order);
    requests.putAll(s.requestResources()); // a WebSocket resource has bytes only: no request series
    out.add(durations("loadlab_http_req_duration_seconds", "Request duration: sending, waiting and receiving.", requests,
        ResourceStats::duration));
    out.add(durations("loadlab_http_req_waiting_seconds", "Time to first byte of the response.", requests, ResourceStats::waiting));
    out.add(durations("loadlab_http_req_connecting_seconds", "TCP connect time (0 on a kept-alive connection).", requests,
        ResourceStats::connecting));
    out.add(durations("loadlab_http_req_tls_handshaking_seconds", "TLS handshake time.", requests, ResourceStats::tlsHandshaking));
    var reqs = CounterSnapshot.builder().name("loadlab_http_reqs").help("Requests by scenario, resource and status (0: no response).");
    var failed = CounterSnapshot.builder().name("loadlab_http_req_failed").help("Failed requests: no response or status >= 400.");
    var sent = CounterSnapshot.builder().name("loadlab_data_sent_bytes").help("Bytes sent.");
    var received = CounterSnapshot.builder().name("loadlab_data_received_bytes").help("Bytes received.");
    res.forEach((k, r) -> {
      long[] st = r.statuses();
      for (int code = 0; code < st.length; code++) {
        if (st[code] > 0) {
          reqs.dataPoint(counter(labels(k, "status", Integer.toString(code)), st[code]));
        }
      }
      if (r.requests() > 0) {
        failed.dataPoint(counter(labels(k), r.failures()));
      }
      sent.dataPoint(counter(labels(k), r.bytesSent()));
      received.dataPoint(counter(labels(k), r.bytesReceived()));
    });
    out.add(reqs.build());
    out.add(failed.build());
    out.add(sent.build());
    out.add(received.build());
    var iterations = CounterSnapshot.builder().name("loadlab_iterations").help("Iterations completed.");
    var dropped = CounterSnapshot.builder().name("loadlab_dropped_iterations")
        .help("Iterations an arrival-rate executor could not start: no VU was free.");
    var iterationDuration = HistogramSnapshot.builder().name("loadlab_iteration_duration_seconds").help("Iteration duration.");
    s.scenarios().forEach((name, sc) -> {
      Labels l = Labels.of("scenario", name);
      iterations.dataPoint(counter(l, sc.iterations()));
      dropped.dataPoint(counter(l, sc.dropped()));
      iterationDuration.dataPoint(seconds(l, sc.iterationDuration()));
    });
    out.add(iterations.build());
    out.add(dropped.build());
    out.add(iterationDuration.build());
    var checks = CounterSnapshot.builder().name("loadlab_checks").help("Checks by name and result.");
    s.checks().forEach((name, c) -> {
      checks.dataPoint(counter(Labels.of("check", name, "result", "pass"), c[0]));
      checks.dataPoint(counter(Labels.of("check", name, "result", "fail"), c[1]));
    });
    out.add(checks.build());
    var groups = HistogramSnapshot.builder().name("loadlab_group_duration_seconds").help("Duration of a group of steps.");
    s.groups().forEach((name, h) -> groups.dataPoint(seconds(Labels.of("group", name), h)));
    out.add(groups.build());
    var errors = CounterSnapshot.builder().name("loadlab_connection_errors").help("Requests without a response, by kind.");
    s.connectionErrors().forEach((kind, n) -> errors.dataPoint(counter(Labels.of("kind", kind), n[0])));
    out.add(errors.build());
    out.add(GaugeSnapshot.builder().name("loadlab_vus").help("Virtual users running an iteration.")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(activeVus.getAsInt()).build()).build());
    out.add(GaugeSnapshot.builder().name("loadlab_vus_max").help("Virtual users allocated.")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(maxVus.getAsInt()).build()).build());
    RunnerHealthSnapshots.add(health.get(), out);
    custom(s, out);
    return new MetricSnapshots(out.stream().filter(m -> !m.getDataPoints().isEmpty()).toList());
  }

  private void custom(Stats s, List<MetricSnapshot> out) {
    var byName = new TreeMap<String, List<Map.Entry<Stats.CustomKey, CustomSeries>>>();
    s.custom().entrySet().forEach(e -> byName.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>()).add(e));
    byName.forEach((metric, series) -> {
      MetricType type = series.get(0).getValue().type();
      String units = series.get(0).getValue().units();
      // the streamed-response metrics are kept like a user's, and exported as built-ins (loadlab_ prefix)
      boolean builtIn = dev.loadlab.api.validation.BuiltInMetric.byName(metric).isPresent();
      String name = builtIn ? dev.loadlab.api.validation.BuiltInMetric.PROMETHEUS_PREFIX + metric : metric;
      String help = (builtIn ? "Built-in metric " : "User metric ") + metric + (units.isEmpty() ? "" : ", in " + units) + ".";
      switch (type) {
        case TIMING -> {
          var h = HistogramSnapshot.builder().name(name + "_seconds").help(help.replace("in ms", "in seconds"));
          series.forEach(e -> h.dataPoint(customHistogram(customLabels(e.getKey()), e.getValue().distribution(),
              e.getValue().sum() / 1000, 1000, SECONDS)));
          out.add(h.build());
        }
        case TREND -> {
          var h = HistogramSnapshot.builder().name(name).help(help);
          series.forEach(e -> h.dataPoint(customHistogram(customLabels(e.getKey()), e.getValue().distribution(),
              e.getValue().sum(), 1, WIDE)));
          // (trends get classic buckets only: their values have no fixed unit to set a native zero bucket by)
          out.add(h.build());
        }
        case COUNTER -> {
          var c = CounterSnapshot.builder().name(name).help(help);
          series.forEach(e -> c.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(customLabels(e.getKey())).value(e.getValue().sum()).build()));
          out.add(c.build());
        }
        case RATE -> {
          var c = CounterSnapshot.builder().name(name).help(help + " Share: sum(NAME_total{value=\"true\"}) / sum(NAME_total).");
          series.forEach(e -> {
            Labels l = customLabels(e.getKey());
            c.dataPoint(counter(l.add("value", "true"), e.getValue().nonZero()));
            c.dataPoint(counter(l.add("value", "false"), e.getValue().count() - e.getValue().nonZero()));
          });
          out.add(c.build());
        }
        case GAUGE -> {
          var g = GaugeSnapshot.builder().name(name).help(help);
          series.forEach(e -> g.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(customLabels(e.getKey())).value(e.getValue().last()).build()));
          out.add(g.build());
        }
        case HISTOGRAM -> {
          var c = CounterSnapshot.builder().name(name).help(help + " Count per key.");
          series.forEach(e -> e.getValue().buckets().forEach((key, n) ->
              c.dataPoint(counter(customLabels(e.getKey()).add("key", key), n))));
          out.add(c.build());
        }
      }
    });
  }

  private static Labels customLabels(Stats.CustomKey key) {
    var names = new ArrayList<String>();
    var values = new ArrayList<String>();
    if (!key.resource().isEmpty()) {
      names.add("resource");
      values.add(key.resource());
    }
    key.tags().forEach((n, v) -> {
      names.add(n);
      values.add(v);
    });
    return Labels.of(names, values);
  }

  private static Labels labels(ResourceKey k, String... more) {
    var names = new ArrayList<String>(List.of("scenario", "resource"));
    var values = new ArrayList<String>(List.of(k.scenario(), k.resource()));
    k.tags().forEach((n, v) -> {
      names.add(n);
      values.add(v);
    });
    for (int i = 0; i < more.length; i += 2) {
      names.add(more[i]);
      values.add(more[i + 1]);
    }
    return Labels.of(names, values);
  }

  static CounterSnapshot.CounterDataPointSnapshot counter(Labels labels, double value) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static MetricSnapshot durations(String name, String help, Map<ResourceKey, ResourceStats> res,
      Function<ResourceStats, Histogram> part) {
    var b = HistogramSnapshot.builder().name(name).help(help);
    res.forEach((k, r) -> b.dataPoint(seconds(labels(k), part.apply(r))));
    return b.build();
  }

  /** A histogram of microseconds as a classic histogram in seconds. */
  static HistogramSnapshot.HistogramDataPointSnapshot seconds(Labels labels, Histogram h) {
    long[] counts = new long[SECONDS.length + 1];
    for (int i = 0; i < SECONDS.length; i++) {
      counts[i] = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, (long) (SECONDS[i] * 1e6));
    }
    counts[SECONDS.length] = h.getTotalCount();
    var b = HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(withInf(SECONDS), perBucket(counts)));
    nativeBuckets(b, h);
    return b
        .sum(h.getTotalCount() == 0 ? 0 : h.getMean() * h.getTotalCount() / 1e6).build();
  }

  /** Native histogram resolution: schema 3, each bucket 2^(1/8) ≈ 1.09 times the last (HdrHistogram keeps 0.1%). */
  static final int NATIVE_SCHEMA = 3;
  /** Durations at or below one microsecond (a kept-alive connection's 0 connect time) go to the zero bucket. */
  static final double NATIVE_ZERO_THRESHOLD = 1e-6;

  /**
   * The same distribution as a native (sparse exponential) histogram, for scrapers that ask for protobuf and
   * have native histograms on; text scrapes keep the classic buckets. Built from the recorded values.
   */
  private static void nativeBuckets(HistogramSnapshot.HistogramDataPointSnapshot.Builder b, Histogram h) {
    var buckets = new TreeMap<Integer, Long>();
    long zeros = 0;
    for (var v : h.recordedValues()) {
      double seconds = h.medianEquivalentValue(v.getValueIteratedTo()) / 1e6;
      long n = v.getCountAtValueIteratedTo();
      if (seconds <= NATIVE_ZERO_THRESHOLD) {
        zeros += n;
      } else {
        int index = (int) Math.ceil(Math.log(seconds) / Math.log(2) * (1 << NATIVE_SCHEMA));
        buckets.merge(index, n, Long::sum);
      }
    }
    b.nativeSchema(NATIVE_SCHEMA).nativeZeroThreshold(NATIVE_ZERO_THRESHOLD).nativeZeroCount(zeros)
        .nativeBucketsForPositiveValues(io.prometheus.metrics.model.snapshots.NativeHistogramBuckets.of(
            new ArrayList<>(buckets.keySet()), new ArrayList<>(buckets.values())));
  }

  /** A user trend; {@code divisor} turns its values into the exported unit (1000: ms to seconds). */
  private static HistogramSnapshot.HistogramDataPointSnapshot customHistogram(Labels labels, DoubleHistogram h,
      double sum, double divisor, double[] bounds) {
    long[] counts = new long[bounds.length + 1];
    for (int i = 0; i < bounds.length; i++) {
      counts[i] = h.getTotalCount() == 0 ? 0 : (long) h.getCountBetweenValues(0, bounds[i] * divisor);
    }
    counts[bounds.length] = h.getTotalCount();
    return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(withInf(bounds), perBucket(counts))).sum(sum).build();
  }

  /** client_java takes the count of each bucket alone; the exposition adds them up into le= counts. */
  private static long[] perBucket(long[] cumulative) {
    long[] own = new long[cumulative.length];
    long before = 0;
    for (int i = 0; i < cumulative.length; i++) {
      long c = Math.max(before, cumulative[i]);
      own[i] = c - before;
      before = c;
    }
    return own;
  }

  private static double[] withInf(double[] bounds) {
    double[] b = java.util.Arrays.copyOf(bounds, bounds.length + 1);
    b[bounds.length] = Double.POSITIVE_INFINITY;
    return b;
  }
}
