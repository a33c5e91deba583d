package dev.loadlab.bench;

import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.core.impl.LocalBenchmarkData;
import io.hyperfoil.core.impl.LocalSimulationRunner;
import io.hyperfoil.core.parser.BenchmarkParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a Hyperfoil benchmark (YAML) in this JVM through its local simulation runner, as bench/peers.sh does for each
 * peer, and writes one JSON line: responses, errors, p50/p99/max in ms, and the responses per second over the phase
 * "main". Hyperfoil hands its statistics over per interval (and per phase and metric); they are added up here.
 *   java -cp ... dev.loadlab.bench.HyperfoilPeer BENCHMARK.yaml OUT.json SECONDS
 */
public final class HyperfoilPeer {
  private HyperfoilPeer() {
  }

  public static void main(String[] args) throws Exception {
    Path yaml = Path.of(args[0]);
    double seconds = Double.parseDouble(args[2]);
    Benchmark benchmark;
    try (InputStream in = Files.newInputStream(yaml)) {
      benchmark = BenchmarkParser.instance().buildBenchmark(in, new LocalBenchmarkData(yaml), Map.of());
    }
    var total = new StatisticsSnapshot();
    var runner = new LocalSimulationRunner(benchmark, (phase, stepId, metric, snapshot, countDown) -> {
      if (phase.name().equals("main")) {
        synchronized (total) {
          total.add(snapshot);
        }
      }
    }, (phase, min, max) -> { }, (authority, tag, min, max) -> { });
    runner.run();
    synchronized (total) {
      var h = total.histogram; // nanoseconds
      String json = String.format(Locale.ROOT,
          "{\"tool\":\"hyperfoil\",\"requests\":%d,\"errors\":%d,\"rps\":%.1f,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}%n",
          total.responseCount, total.errors(), total.responseCount / seconds, h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
      Files.writeString(Path.of(args[1]), json);
      System.out.print(json);
    }
    System.exit(0);
  }
}
