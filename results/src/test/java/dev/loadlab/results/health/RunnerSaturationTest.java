package dev.loadlab.results.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.RunnerHealthLimits;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.health.RunnerSaturation.Where;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerSaturationTest {
  private static ObjectNode health(double lagP99Ms, long ticks, double cpuAvg, double cores) {
    var h = JsonNodeFactory.instance.objectNode().put("seconds", ticks / 10.0).put("cores", cores).put("loops", 1);
    h.putObject("eventLoopLagMs").put("p99", lagP99Ms).put("max", lagP99Ms).put("ticks", ticks);
    h.putObject("cpu").put("avg", cpuAvg).put("max", cpuAvg);
    return h.put("gcPauseMs", 10).put("gcPauseShare", 0.001).put("blockedShare", 0.0).put("droppedShare", 0.0);
  }

  @Test
  void eachFigurePastItsDefaultLimitIsNamedWithItsValueAndLimit() {
    var lagging = health(450, 600, 0.5, 2);
    var busy = health(20, 600, 0.95, 0.25);
    var collecting = health(20, 600, 0.3, 2).put("gcPauseShare", 0.15);
    var late = health(20, 600, 0.3, 2).put("blockedShare", 0.4).put("droppedShare", 0.05);
    var fine = health(199, 600, 0.9, 2).put("blockedShare", 0.09).put("droppedShare", 0.01);
    var limits = new RunnerHealthLimits();
    limits.maxBlocked = "10%";
    limits.maxDroppedIterations = "1%";
    var s = RunnerSaturation.judge(limits, Map.of("r-a", lagging, "r-b", busy, "r-c", collecting, "r-d", late, "r-e", fine),
        Where.CLUSTER);
    assertThat(s.verdict).isEqualTo("Saturated");
    assertThat(s.runners).extracting(r -> r.runner).containsExactly("r-a", "r-b", "r-c", "r-d", "r-e");
    assertThat(s.runners).extracting(r -> r.exceeded).containsExactly(java.util.List.of("eventLoopLag"),
        java.util.List.of("cpu"), java.util.List.of("gcPause"), java.util.List.of("blocked", "droppedIterations"), null);
    assertThat(s.message).startsWith("4 of 5 runner(s) saturated: ")
        .contains("runner r-a: event-loop lag p99 450 ms (limit 200 ms)")
        .contains("runner r-b: CPU 95% of 0.25 core(s) (limit 90%)")
        .contains("runner r-c: GC pauses 15.0% of the run (limit 10%)")
        .contains("runner r-d: 40.0% of the requests' time spent waiting past their scheduled start (limit 10%), "
            + "5.0% of the iterations dropped (limit 1%)")
        .contains("spec.runner.resources.limits.memory", "spec.runners", "maxVUs")
        .doesNotContain("r-e");
  }

  @Test
  void blockedTimeAndDroppedIterationsAreJudgedOnlyAgainstALimitTheLoadTestSets() {
    // every VU busy with a slow target: the iterations start late, which the latencies already count
    var late = health(20, 600, 0.3, 2).put("blockedShare", 0.4).put("droppedShare", 0.05);
    var s = RunnerSaturation.judge(null, Map.of("r", late), Where.CLUSTER);
    assertThat(s.verdict).as(s.message).isEqualTo("Healthy");
    assertThat(s.runners.get(0).blockedPercent).isEqualTo(40.0);
    assertThat(s.runners.get(0).droppedIterationsPercent).isEqualTo(5.0);
  }

  @Test
  void limitsAreTheLoadTestsOwn() {
    var limits = new RunnerHealthLimits();
    limits.maxEventLoopLag = "1s";
    limits.maxCpu = "99.5%";
    var s = RunnerSaturation.judge(limits, Map.of("r", health(450, 600, 0.99, 1)), Where.CLUSTER);
    assertThat(s.verdict).as(s.message).isEqualTo("Healthy");
    limits.maxEventLoopLag = "400ms";
    s = RunnerSaturation.judge(limits, Map.of("r", health(450, 600, 0.99, 1)), Where.CLUSTER);
    assertThat(s.message).contains("event-loop lag p99 450 ms (limit 400 ms)");
    assertThat(RunnerSaturation.decides(limits, s)).isTrue();
    limits.onSaturated = RunnerHealthLimits.OnSaturated.Report;
    assertThat(RunnerSaturation.decides(limits, s)).as("onSaturated: Report").isFalse();
  }

  @Test
  void aShortRunsLagCpuAndGcAreShownButNotJudged() {
    // 3 s: its lag p99 is its one worst tick, and a young JVM's first compilations and collections weigh as much as
    // the load (a 5 s run in CI spent 11 % of it in GC)
    var young = health(280, 30, 0.95, 2).put("gcPauseShare", 0.12);
    var s = RunnerSaturation.judge(null, Map.of("local", young), Where.LOCAL);
    assertThat(s.verdict).as(s.message).isEqualTo("Healthy");
    assertThat(s.message).contains("1 measured less than 10 s: their lag, CPU and GC are shown, not judged");
    assertThat(s.runners.get(0).eventLoopLagMs).isEqualTo(280.0);
    assertThat(s.runners.get(0).gcPausePercent).isEqualTo(12.0);
    // a limit the LoadTest set itself is judged whatever the length
    var limits = new RunnerHealthLimits();
    limits.maxDroppedIterations = "1%";
    var dropped = RunnerSaturation.judge(limits, Map.of("local", young.put("droppedShare", 0.2)), Where.LOCAL);
    assertThat(dropped.verdict).isEqualTo("Saturated");
    assertThat(dropped.runners.get(0).exceeded).containsExactly("droppedIterations");
  }

  @Test
  void locallyTheAdviceIsAboutThisMachine() {
    var s = RunnerSaturation.judge(null, Map.of("local", health(900, 300, 1.0, 1)), Where.LOCAL);
    assertThat(s.message).contains("runner local:", "--threads").doesNotContain("spec.runner.resources");
  }

  @Test
  void withoutFiguresTheVerdictIsUnknownAndDecidesNothing() {
    Map<String, JsonNode> none = new java.util.HashMap<>();
    none.put("r", JsonNodeFactory.instance.objectNode().put("cores", 2));
    var s = RunnerSaturation.judge(null, none, Where.CLUSTER);
    assertThat(s.verdict).isEqualTo("Unknown");
    assertThat(RunnerSaturation.decides(null, s)).isFalse();
  }

  @Test
  void theBlockedShareAndDroppedIterationsAreReadOffTheRunnersResults() {
    var m = new LoopMetrics();
    var key = new ResourceKey("s", "GET /");
    long ms = 1_000_000;
    // 4 requests of 100 ms, one of which waited 100 ms past its start: 100 of 400 ms blocked
    m.request(key, 200, false, 100 * ms, 0, 0, 0, 0, 0, 100 * ms, 1, 1);
    for (int i = 0; i < 3; i++) {
      m.request(key, 200, false, 0, 0, 0, 0, 0, 0, 100 * ms, 1, 1);
    }
    for (int i = 0; i < 98; i++) {
      m.iteration("s", 100 * ms);
    }
    m.dropped("s");
    m.dropped("s");
    var h = RunnerSaturation.addLoadFigures(JsonNodeFactory.instance.objectNode(), m.snapshot());
    assertThat(h.path("blockedShare").asDouble()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.001));
    assertThat(h.path("droppedIterations").asLong()).isEqualTo(2);
    assertThat(h.path("droppedShare").asDouble()).isEqualTo(0.02);
  }
}
