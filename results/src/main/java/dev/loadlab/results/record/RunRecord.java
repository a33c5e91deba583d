package dev.loadlab.results.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.results.Interval;
import dev.loadlab.results.Stats;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored truth of one finished run (format {@value RunRecordCodec#FORMAT}): who ran what, how it ended, the
 * merged figures of every runner (totals and each interval, histograms included) and the traces. Written by the
 * operator into a ConfigMap and by {@code loadlab run --record}; read by {@code loadlab report}. docs/results.md.
 */
public final class RunRecord {
  /** The LoadTest's name and namespace (empty for a local run). */
  public String name;
  public String namespace = "";
  public int run = 1;
  /** Final phase, reason and message, as in the LoadTest's status. */
  public String phase;
  public String reason;
  public String message;
  /** RFC 3339 instants. */
  public String startTime;
  public String endTime;
  public double durationSeconds;
  /** Where it ran: "cluster" (the operator) or "local" ({@code loadlab run}). */
  public String origin = "local";
  public List<Runner> runners = new ArrayList<>();
  /** The LoadTest's spec that ran. */
  public JsonNode spec;
  public Summary summary;
  public List<ThresholdResult> thresholds = new ArrayList<>();
  public String thresholdsPassed;
  /** Whether the runners kept up, as judged against spec.runnerHealth (null in records written before it). */
  public dev.loadlab.api.loadtest.RunnerHealthStatus runnerHealth;
  /** The length of an interval, seconds (spec.metrics.interval, or longer when the record was coarsened). */
  public double intervalSeconds = 10;
  /** Every figure merged over the runners: exact, histograms included. */
  public Stats totals = new Stats();
  /** The figures of each region's runners (lean, {@link Stats#addLean}), when the LoadTest has regions. */
  public java.util.Map<String, Stats> regions = new java.util.TreeMap<>();
  /** Encoded intervals ({@link dev.loadlab.results.ResultsCodec#encode(Interval)}), decoded one at a time when read. */
  public ArrayNode intervals = JsonNodeFactory.instance.arrayNode();
  /** The traces the runners kept (redacted), as they produced them. */
  public ArrayNode traces = JsonNodeFactory.instance.arrayNode();
  /** What was left out to fit the record's budget, in {@link RecordBudget}'s order. */
  public List<String> dropped = new ArrayList<>();

  /**
   * One runner of the run: its pod (or "local"), index, region, whether its results are in the record, and whether it
   * could keep up ({@code health}: event-loop lag, CPU, GC; null when not known).
   */
  public record Runner(String name, int index, String region, boolean collected, JsonNode health) {
    public Runner(String name, int index, String region, boolean collected) {
      this(name, index, region, collected, null);
    }
  }
}
