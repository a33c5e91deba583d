package dev.loadlab.results.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.results.IntervalMerge;
import dev.loadlab.results.Stats;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fits a run record into a size (a ConfigMap holds 1 MiB, base64 included) by leaving things out in a fixed,
 * documented order, least useful first, and naming each in {@link RunRecord#dropped}:
 * <ol>
 *   <li>{@code traceBodies}: the request and response bodies of the traces (headers, status and timing stay);</li>
 *   <li>{@code traces}: the traces;</li>
 *   <li>{@code intervalResources}: the per-resource figures of each interval (the overall ones stay);</li>
 *   <li>{@code regionResources}: the per-resource figures of each region (each region's overall ones stay);</li>
 *   <li>{@code requestPhases}: each resource's blocked/connecting/TLS/sending/waiting/receiving histograms;</li>
 *   <li>{@code coarserIntervals}: intervals added pairwise into intervals twice as long, as often as needed (up to
 *       64 times as long), still exact;</li>
 *   <li>{@code intervals}: every interval (the totals, thresholds and summary stay).</li>
 * </ol>
 */
public final class RecordBudget {
  /** 700 KiB gzipped: 933 KiB once base64-encoded in a ConfigMap's binaryData, with room for its metadata. */
  public static final int CONFIG_MAP_BYTES = 700 * 1024;
  private static final int MAX_COARSENING = 6;

  private RecordBudget() {
  }

  /** The gzipped record within {@code maxBytes}, leaving out what it must; throws when even the last step is not enough. */
  public static byte[] fit(RunRecord r, int maxBytes) {
    byte[] bytes = RunRecordCodec.gzip(r);
    List<Step> steps = List.of(
        new Step("traceBodies", x -> x.traces.forEach(RecordBudget::dropBodies)),
        new Step("traces", x -> x.traces.removeAll()),
        new Step("intervalResources", x -> x.intervals.forEach(i -> ((ObjectNode) i.path("stats")).putArray("resources"))),
        new Step("regionResources", x -> x.regions.values().forEach(Stats::dropResources)),
        new Step("requestPhases", x -> x.totals.dropRequestPhases()),
        new Step("coarserIntervals", null),
        new Step("intervals", x -> x.intervals.removeAll()));
    for (Step step : steps) {
      if (bytes.length <= maxBytes) {
        return bytes;
      }
      if (step.apply == null) {
        for (int n = 0; n < MAX_COARSENING && bytes.length > maxBytes && r.intervals.size() > 1; n++) {
          coarsen(r);
          if (!r.dropped.contains(step.name)) {
            r.dropped.add(step.name);
          }
          bytes = RunRecordCodec.gzip(r);
        }
        continue;
      }
      step.apply.accept(r);
      r.dropped.add(step.name);
      bytes = RunRecordCodec.gzip(r);
    }
    if (bytes.length > maxBytes) {
      throw new IllegalStateException("the run record is " + bytes.length + " bytes gzipped even without "
          + String.join(", ", r.dropped) + "; its budget is " + maxBytes + " bytes");
    }
    return bytes;
  }

  private static void coarsen(RunRecord r) {
    r.intervals = IntervalMerge.coarsen(r.intervals);
    r.intervalSeconds *= 2;
  }

  private static void dropBodies(JsonNode trace) {
    for (JsonNode p : trace.path("packets")) {
      if (p instanceof ObjectNode packet && !packet.path("data").asText().isEmpty()) {
        packet.put("data", "");
        packet.put("dataDropped", true);
      }
    }
  }

  private record Step(String name, Consumer<RunRecord> apply) {
  }
}
