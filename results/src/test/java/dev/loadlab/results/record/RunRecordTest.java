package dev.loadlab.results.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.results.Intervals;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.Stats;
import dev.loadlab.results.SummaryBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class RunRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record of a run of {@code seconds} seconds over {@code resources} resources, with {@code traces} fat traces. */
  public static RunRecord record(int seconds, int resources, int traces, int bodyBytes) {
    var m = new LoopMetrics();
    var intervals = new Intervals(m::intervalSnapshot, () -> 10);
    var random = new SplittableRandom(1);
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < 200; i++) {
        // Around 40 ms with a tail to ~400 ms, and a cost of a few tenths of a cent: a web or LLM API's figures.
        long nanos = (long) (20_000_000 + 20_000_000 * -Math.log(1 - random.nextDouble()));
        var key = new ResourceKey("s", "GET /r" + random.nextInt(resources));
        m.request(key, i % 50 == 0 ? 500 : 200, i % 50 == 0, 0, 10_000, 0, 5_000, nanos, 3_000, nanos, 100, 2_000);
        m.iteration("s", nanos);
        m.custom(new Stats.CustomKey("cost_usd", key.resource()), MetricType.TREND, "usd", 0.002 + random.nextDouble() * 0.004);
      }
      if ((s + 1) % 10 == 0) {
        intervals.close(s + 1);
      }
    }
    var r = new RunRecord();
    r.name = "shop";
    r.namespace = "team-a";
    r.run = 3;
    r.phase = "Succeeded";
    r.reason = "Completed";
    r.startTime = "2026-12-02T10:00:00Z";
    r.endTime = "2026-12-02T10:01:00Z";
    r.durationSeconds = seconds;
    r.runners = List.of(new RunRecord.Runner("shop-3-0", 0, null, true));
    r.totals = m.snapshot();
    r.summary = SummaryBuilder.build(r.totals, seconds, List.of());
    r.intervals = intervals.encoded();
    for (int t = 0; t < traces; t++) {
      // Random text: bodies that gzip cannot shrink much, as real JSON answers with ids and tokens.
      var body = new StringBuilder();
      while (body.length() < bodyBytes) {
        body.append(Long.toString(random.nextLong(), 36));
      }
      ObjectNode trace = r.traces.addObject().put("resource", "GET /r" + t).put("status", 200);
      trace.putArray("packets").addObject().put("type", "response").put("data", body.toString());
    }
    return r;
  }

  @Test
  void aRecordSurvivesGzipAndJson() {
    RunRecord r = record(60, 3, 5, 100);
    var eu = new LoopMetrics();
    eu.request(new ResourceKey("s", "GET /r0"), 200, false, 0, 0, 0, 0, 7_000_000, 0, 7_000_000, 1, 1);
    r.regions.put("eu-west", eu.intervalSnapshot());

    RunRecord back = RunRecordCodec.read(RunRecordCodec.gzip(r));

    assertThat(back.name).isEqualTo("shop");
    assertThat(back.run).isEqualTo(3);
    assertThat(back.totals.requests()).isEqualTo(r.totals.requests()).isEqualTo(12_000);
    assertThat(back.intervals).hasSize(6);
    assertThat(requests(back)).isEqualTo(12_000);
    assertThat(back.summary.requests).isEqualTo(12_000);
    assertThat(back.traces).hasSize(5);
    assertThat(back.regions).containsOnlyKeys("eu-west");
    assertThat(back.regions.get("eu-west").allDurations().getMaxValue()).isBetween(6_990L, 7_010L);
    assertThat(RunRecordCodec.toJson(back).toString()).isEqualTo(RunRecordCodec.toJson(r).toString());
  }

  @Test
  void aTypicalRunNeedsWellUnder100KiB() {
    // Two minutes of 200 requests/s over five resources, each with a cost trend, and 20 traces of 1 KiB bodies.
    RunRecord r = record(120, 5, 20, 1024);
    byte[] bytes = RecordBudget.fit(r, RecordBudget.CONFIG_MAP_BYTES);
    assertThat(bytes.length).isLessThan(100 * 1024);
    assertThat(r.dropped).isEmpty();
  }

  @Test
  void aFloodOfTracesIsLeftOutFirstAndSaidSo() {
    RunRecord r = record(60, 3, 400, 4096);
    int budget = 64 * 1024;

    byte[] bytes = RecordBudget.fit(r, budget);

    assertThat(bytes.length).isLessThanOrEqualTo(budget);
    RunRecord back = RunRecordCodec.read(bytes);
    assertThat(back.dropped).containsExactly("traceBodies");
    assertThat(back.traces).hasSize(400);
    assertThat(back.traces.get(0).path("packets").get(0).path("dataDropped").asBoolean()).isTrue();
    assertThat(back.totals.requests()).isEqualTo(12_000);
    assertThat(back.intervals).hasSize(6);
  }

  @Test
  void longRunsGetCoarserIntervalsThatStillAddUp() {
    RunRecord r = record(3_600, 40, 0, 0);
    int budget = 400 * 1024;

    byte[] bytes = RecordBudget.fit(r, budget);

    RunRecord back = RunRecordCodec.read(bytes);
    assertThat(bytes.length).isLessThanOrEqualTo(budget);
    assertThat(back.dropped).contains("intervalResources", "coarserIntervals");
    assertThat(back.intervalSeconds).isGreaterThan(10);
    assertThat(requests(back)).isEqualTo(720_000);
  }

  @Test
  void whatIsNotARecordIsRefusedWithTheReason() {
    assertThatThrownBy(() -> RunRecordCodec.read("{\"format\":\"loadlab.dev/results/v2\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a run record").hasMessageContaining("is not loadlab.dev/run/v1");
    assertThatThrownBy(() -> RunRecordCodec.read(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}))
        .hasMessageContaining("not a run record");
  }

  private static long requests(RunRecord r) {
    long n = 0;
    for (var i : r.intervals) {
      n += dev.loadlab.results.ResultsCodec.decodeInterval(i).stats().requests();
    }
    return n;
  }
}
