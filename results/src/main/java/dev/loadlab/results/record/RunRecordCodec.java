package dev.loadlab.results.record;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.Summary;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.results.StatsCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/** A {@link RunRecord} as one gzipped JSON document; docs/results-format.md describes the fields. */
public final class RunRecordCodec {
  public static final String FORMAT = "loadlab.dev/run/v1";
  /** The key of the gzipped record in the binaryData of the ConfigMap {@code <loadtest>-run-<n>} the operator writes. */
  public static final String CONFIG_MAP_KEY = "record.json.gz";
  private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RunRecordCodec() {
  }

  public static ObjectNode toJson(RunRecord r) {
    ObjectNode o = JSON.createObjectNode().put("format", FORMAT);
    o.putObject("loadTest").put("name", r.name).put("namespace", r.namespace);
    o.put("run", r.run).put("origin", r.origin).put("phase", r.phase).put("reason", r.reason).put("message", r.message)
        .put("startTime", r.startTime).put("endTime", r.endTime).put("durationSeconds", r.durationSeconds);
    ArrayNode runners = o.putArray("runners");
    r.runners.forEach(x -> runners.addObject().put("name", x.name()).put("index", x.index()).put("region", x.region())
        .put("collected", x.collected()).set("health", x.health()));
    o.set("spec", r.spec);
    o.set("summary", JSON.valueToTree(r.summary));
    o.set("thresholds", JSON.valueToTree(r.thresholds));
    o.put("thresholdsPassed", r.thresholdsPassed);
    o.set("runnerHealth", r.runnerHealth == null ? null : JSON.valueToTree(r.runnerHealth));
    o.put("intervalSeconds", r.intervalSeconds);
    StatsCodec.write(o.putObject("totals"), r.totals, false);
    ObjectNode regions = o.putObject("regions");
    r.regions.forEach((name, stats) -> StatsCodec.write(regions.putObject(name), stats, true));
    o.set("intervals", r.intervals);
    o.set("traces", r.traces);
    ArrayNode dropped = o.putArray("dropped");
    r.dropped.forEach(dropped::add);
    return o;
  }

  /** Reads a record's JSON; throws IllegalArgumentException naming what is wrong. */
  public static RunRecord fromJson(JsonNode o) {
    if (!FORMAT.equals(o.path("format").asText())) {
      throw new IllegalArgumentException("not a run record: format \"" + o.path("format").asText() + "\" is not " + FORMAT);
    }
    var r = new RunRecord();
    r.name = o.path("loadTest").path("name").asText();
    r.namespace = o.path("loadTest").path("namespace").asText();
    r.run = o.path("run").asInt(1);
    r.origin = o.path("origin").asText("local");
    r.phase = text(o, "phase");
    r.reason = text(o, "reason");
    r.message = text(o, "message");
    r.startTime = text(o, "startTime");
    r.endTime = text(o, "endTime");
    r.durationSeconds = o.path("durationSeconds").asDouble();
    for (JsonNode x : o.path("runners")) {
      r.runners.add(new RunRecord.Runner(x.path("name").asText(), x.path("index").asInt(), text(x, "region"),
          x.path("collected").asBoolean(), x.path("health").isObject() ? x.path("health") : null));
    }
    r.spec = o.path("spec").isMissingNode() ? null : o.path("spec");
    try {
      r.summary = o.path("summary").isObject() ? JSON.treeToValue(o.path("summary"), Summary.class) : null;
      for (JsonNode t : o.path("thresholds")) {
        r.thresholds.add(JSON.treeToValue(t, ThresholdResult.class));
      }
      r.runnerHealth = o.path("runnerHealth").isObject()
          ? JSON.treeToValue(o.path("runnerHealth"), dev.loadlab.api.loadtest.RunnerHealthStatus.class) : null;
    } catch (IOException e) {
      throw new IllegalArgumentException("the run record's summary, thresholds or runner health are unreadable: " + e.getMessage(), e);
    }
    r.thresholdsPassed = text(o, "thresholdsPassed");
    r.intervalSeconds = o.path("intervalSeconds").asDouble(10);
    r.totals = StatsCodec.read(o.path("totals"));
    o.path("regions").fields().forEachRemaining(e -> r.regions.put(e.getKey(), StatsCodec.read(e.getValue())));
    if (o.path("intervals").isArray()) {
      r.intervals = (ArrayNode) o.path("intervals");
    }
    if (o.path("traces").isArray()) {
      r.traces = (ArrayNode) o.path("traces");
    }
    o.path("dropped").forEach(d -> r.dropped.add(d.asText()));
    return r;
  }

  public static byte[] gzip(RunRecord r) {
    return gzip(toJson(r));
  }

  static byte[] gzip(JsonNode json) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      JSON.writeValue(out, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a gzipped (or plain) JSON record. */
  public static RunRecord read(byte[] bytes) {
    try {
      boolean gzipped = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
      JsonNode json = gzipped ? JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(bytes))) : JSON.readTree(bytes);
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException("not a run record: not a JSON object");
      }
      return fromJson(json);
    } catch (ZipException e) {
      throw new IllegalArgumentException("not a run record: the gzip data is corrupt (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a run record: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }
}
