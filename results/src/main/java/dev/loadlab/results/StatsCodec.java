package dev.loadlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.MetricType;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@link Stats} as JSON fields, lossless: the totals of a {@code /results} document, each of its intervals (lean:
 * no request phases, groups nor expression errors) and the figures of a run record. docs/results-format.md shows it.
 */
public final class StatsCodec {
  private static final String[] PHASES = {"duration", "blocked", "connecting", "tlsHandshaking", "sending", "waiting", "receiving"};

  private StatsCodec() {
  }

  /** Writes the figures into {@code root}; {@code lean} writes only what {@link Stats#addLean} keeps. */
  public static ObjectNode write(ObjectNode root, Stats s, boolean lean) {
    ArrayNode resources = root.putArray("resources");
    s.resources.forEach((k, r) -> {
      ObjectNode o = resources.addObject().put("scenario", k.scenario()).put("resource", k.resource());
      k.tags().forEach(o.putObject("tags")::put);
      o.put("requests", r.requests).put("failures", r.failures).put("bytesSent", r.bytesSent)
          .put("bytesReceived", r.bytesReceived);
      ObjectNode statuses = o.putObject("statuses");
      for (int i = 0; i < r.statuses.length; i++) {
        if (r.statuses[i] > 0) {
          statuses.put(Integer.toString(i), r.statuses[i]);
        }
      }
      ObjectNode h = o.putObject("histograms");
      Histogram[] parts = phases(r);
      for (int i = 0; i < (lean ? 1 : PHASES.length); i++) {
        h.put(PHASES[i], HistogramCodec.encode(parts[i]));
      }
    });
    ObjectNode scenarios = root.putObject("scenarios");
    s.scenarios.forEach((name, sc) -> scenarios.putObject(name).put("iterations", sc.iterations).put("dropped", sc.dropped)
        .put("interrupted", sc.interrupted).put("iterationDuration", HistogramCodec.encode(sc.iterationDuration)));
    ObjectNode checks = root.putObject("checks");
    s.checks.forEach((name, c) -> checks.putArray(name).add(c[0]).add(c[1]));
    if (!lean) {
      ObjectNode groups = root.putObject("groups");
      s.groups.forEach((name, h) -> groups.put(name, HistogramCodec.encode(h)));
      counts(root.putObject("expressionErrors"), s.expressionErrors);
    }
    counts(root.putObject("connectionErrors"), s.connectionErrors);
    ArrayNode custom = root.putArray("custom");
    s.custom.forEach((k, c) -> {
      ObjectNode o = custom.addObject().put("name", k.name()).put("resource", k.resource());
      k.tags().forEach(o.putObject("tags")::put);
      o.put("type", c.type.id())
          .put("units", c.units).put("count", c.count).put("sum", c.sum).put("sumOfSquares", c.sumOfSquares)
          .put("nonZero", c.nonZero).put("last", c.last).put("lastAt", c.lastAt);
      if (c.count > 0 && Double.isFinite(c.min) && Double.isFinite(c.max)) {
        o.put("min", c.min).put("max", c.max);
      }
      if (c.distribution != null) {
        o.put("distribution", HistogramCodec.encode(c.distribution));
      }
      if (c.buckets != null) {
        c.buckets.forEach(o.putObject("buckets")::put);
      }
    });
    root.put("allDurations", HistogramCodec.encode(s.allDurations));
    root.putObject("totals").put("requests", s.requests).put("failures", s.failures).put("bytesSent", s.bytesSent)
        .put("bytesReceived", s.bytesReceived);
    return root;
  }

  /** Reads what {@link #write} wrote; throws IllegalArgumentException naming what is wrong. */
  public static Stats read(JsonNode root) {
    var s = new Stats();
    for (JsonNode o : root.path("resources")) {
      ResourceStats r = s.resource(new ResourceKey(o.path("scenario").asText(), o.path("resource").asText(), tags(o)));
      r.requests = o.path("requests").asLong();
      r.failures = o.path("failures").asLong();
      r.bytesSent = o.path("bytesSent").asLong();
      r.bytesReceived = o.path("bytesReceived").asLong();
      o.path("statuses").fields().forEachRemaining(e -> r.statuses[Integer.parseInt(e.getKey())] = e.getValue().asLong());
      Histogram[] parts = phases(r);
      for (int i = 0; i < PHASES.length; i++) {
        JsonNode h = o.path("histograms").path(PHASES[i]);
        if (h.isTextual()) {
          parts[i].add(HistogramCodec.histogram(h.asText()));
        }
      }
    }
    root.path("scenarios").fields().forEachRemaining(e -> {
      Stats.ScenarioStats sc = s.scenario(e.getKey());
      sc.iterations = e.getValue().path("iterations").asLong();
      sc.dropped = e.getValue().path("dropped").asLong();
      sc.interrupted = e.getValue().path("interrupted").asLong();
      sc.iterationDuration.add(HistogramCodec.histogram(e.getValue().path("iterationDuration").asText()));
    });
    root.path("checks").fields().forEachRemaining(e ->
        s.checks.put(e.getKey(), new long[] {e.getValue().get(0).asLong(), e.getValue().get(1).asLong()}));
    root.path("groups").fields().forEachRemaining(e ->
        s.groups.computeIfAbsent(e.getKey(), k -> ResourceStats.histogram()).add(HistogramCodec.histogram(e.getValue().asText())));
    readCounts(root.path("connectionErrors"), s.connectionErrors);
    readCounts(root.path("expressionErrors"), s.expressionErrors);
    for (JsonNode o : root.path("custom")) {
      MetricType type = MetricType.valueOf(o.path("type").asText().toUpperCase());
      CustomSeries c = s.custom(new Stats.CustomKey(o.path("name").asText(), o.path("resource").asText(), tags(o)), type,
          o.path("units").asText());
      c.count = o.path("count").asLong();
      c.sum = o.path("sum").asDouble();
      c.sumOfSquares = o.path("sumOfSquares").asDouble();
      c.nonZero = o.path("nonZero").asLong();
      c.last = o.path("last").asDouble();
      c.lastAt = o.path("lastAt").asLong();
      if (o.has("min")) {
        c.min = o.path("min").asDouble();
        c.max = o.path("max").asDouble();
      }
      if (o.has("distribution") && c.distribution != null) {
        c.distribution.add(HistogramCodec.doubleHistogram(o.path("distribution").asText()));
      }
      if (o.has("buckets")) {
        o.path("buckets").fields().forEachRemaining(e -> c.buckets.put(e.getKey(), e.getValue().asLong()));
      }
    }
    s.allDurations.add(HistogramCodec.histogram(root.path("allDurations").asText()));
    JsonNode t = root.path("totals");
    s.requests = t.path("requests").asLong();
    s.failures = t.path("failures").asLong();
    s.bytesSent = t.path("bytesSent").asLong();
    s.bytesReceived = t.path("bytesReceived").asLong();
    return s;
  }

  private static Map<String, String> tags(JsonNode o) {
    var m = new TreeMap<String, String>();
    o.path("tags").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static Histogram[] phases(ResourceStats r) {
    return new Histogram[] {r.duration, r.blocked, r.connecting, r.tlsHandshaking, r.sending, r.waiting, r.receiving};
  }

  private static void counts(ObjectNode o, Map<String, long[]> counts) {
    counts.forEach((k, v) -> o.put(k, v[0]));
  }

  private static void readCounts(JsonNode o, Map<String, long[]> into) {
    o.fields().forEachRemaining(e -> into.put(e.getKey(), new long[] {e.getValue().asLong()}));
  }
}
