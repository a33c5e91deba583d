package dev.loadlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code /results} document: everything a runner recorded, lossless, so that whoever collects the results of
 * several runners can add them up exactly ({@link Stats#add}, {@link IntervalMerge}): the totals, and the figures
 * of each interval. The format is versioned by {@link #FORMAT}; docs/results-format.md says it.
 */
public final class ResultsCodec {
  public static final String FORMAT = "loadlab.dev/results/v2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultsCodec() {
  }

  /** The totals only (no intervals). */
  public static ObjectNode encode(Stats s) {
    return encode(s, JSON.createArrayNode());
  }

  /** @param intervals encoded intervals ({@link Intervals#encoded()}) */
  public static ObjectNode encode(Stats totals, ArrayNode intervals) {
    ObjectNode root = StatsCodec.write(JSON.createObjectNode().put("format", FORMAT), totals, false);
    root.set("intervals", intervals);
    return root;
  }

  public static ObjectNode encode(Interval i) {
    ObjectNode o = JSON.createObjectNode().put("index", i.index()).put("startSeconds", i.startSeconds())
        .put("endSeconds", i.endSeconds()).put("vus", i.vus());
    StatsCodec.write(o.putObject("stats"), i.stats(), true);
    return o;
  }

  /** The totals of a {@code /results} document; throws IllegalArgumentException naming what is wrong. */
  public static Stats decode(JsonNode root) {
    checkFormat(root);
    return StatsCodec.read(root);
  }

  /** The encoded intervals of a {@code /results} document, in order. */
  public static ArrayNode intervals(JsonNode root) {
    checkFormat(root);
    return root.path("intervals").isArray() ? (ArrayNode) root.path("intervals") : JSON.createArrayNode();
  }

  public static Interval decodeInterval(JsonNode o) {
    return new Interval(o.path("index").asInt(), o.path("startSeconds").asDouble(), o.path("endSeconds").asDouble(),
        o.path("vus").asLong(), StatsCodec.read(o.path("stats")));
  }

  private static void checkFormat(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("results format \"" + root.path("format").asText() + "\" is not " + FORMAT
          + " (runner and operator of different loadlab versions?)");
    }
  }
}
