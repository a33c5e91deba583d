package dev.loadlab.runner.export;

import dev.loadlab.runner.health.RunnerHealth;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * The runner's health as Prometheus metrics ({@code loadlab_runner_*}, docs/metrics.md), for the generated dashboard's
 * "Could the runners keep up?" row: what spec.runnerHealth judges at the end, live.
 */
final class RunnerHealthSnapshots {
  private RunnerHealthSnapshots() {
  }

  /** Whether the runner keeps up: its event-loop lag, its loops' CPU against what they may use, GC pauses. */
  static void add(RunnerHealth.Live h, List<MetricSnapshot> out) {
    if (h == null) {
      return;
    }
    out.add(HistogramSnapshot.builder().name("loadlab_runner_event_loop_lag_seconds")
        .help("How late a 100 ms timer fired on the runner's event loops: every request and response waits as long.")
        .dataPoint(PrometheusExporter.seconds(Labels.EMPTY, h.lagMicros())).build());
    out.add(GaugeSnapshot.builder().name("loadlab_runner_cpu_ratio")
        .help("Share of the last second the runner's event loops were busy, of the CPU they may use (loadlab_runner_cpu_cores).")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(h.cpuShare()).build()).build());
    out.add(GaugeSnapshot.builder().name("loadlab_runner_cpu_cores")
        .help("CPU the runner's event loops may use: one core per loop, at most the pod's CPU limit.")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(h.cores()).build()).build());
    out.add(CounterSnapshot.builder().name("loadlab_runner_cpu_seconds").help("CPU time of the runner's event loops.")
        .dataPoint(PrometheusExporter.counter(Labels.EMPTY, h.cpuSeconds())).build());
    out.add(CounterSnapshot.builder().name("loadlab_runner_gc_pause_seconds").help("Time the runner's JVM paused for GC.")
        .dataPoint(PrometheusExporter.counter(Labels.EMPTY, h.gcSeconds())).build());
  }
}
