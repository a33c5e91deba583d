package dev.loadlab.runner.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.validation.UserExpressions;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * {@code event} in the expressions of a streamed response: its index (from 0), type (the SSE "event:" field,
 * "message" by default; "line" for lines), data, json (the data parsed; an empty map when it is not JSON, e.g.
 * "[DONE]", so that {@code has(event.json.usage)} is simply false),
 * elapsedMs (since the request started) and sinceFirstMs (since the first event). JSON is parsed when asked, once.
 */
final class EventView extends AbstractMap<String, Object> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEYS = {"index", "type", "data", "json", "elapsedMs", "sinceFirstMs"};
  private final long index;
  private final String type;
  private final String data;
  private final double elapsedMs;
  private final double sinceFirstMs;
  private Object json;
  private boolean parsed;

  EventView(long index, String type, String data, double elapsedMs, double sinceFirstMs) {
    this.index = index;
    this.type = type;
    this.data = data;
    this.elapsedMs = elapsedMs;
    this.sinceFirstMs = sinceFirstMs;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String k && java.util.Arrays.asList(KEYS).contains(k);
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String k)) {
      return null;
    }
    return switch (k) {
      case "index" -> index;
      case "type" -> type;
      case "data" -> data;
      case "json" -> json();
      case "elapsedMs" -> elapsedMs;
      case "sinceFirstMs" -> sinceFirstMs;
      default -> null;
    };
  }

  private Object json() {
    if (!parsed) {
      parsed = true;
      String t = data.strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          json = UserExpressions.fromJson(JSON.readTree(t));
        } catch (IOException e) {
          json = null;
        }
      }
      if (json == null) {
        json = java.util.Map.of();
      }
    }
    return json;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    var m = new LinkedHashMap<String, Object>();
    for (String k : KEYS) {
      if (containsKey(k)) {
        m.put(k, get(k));
      }
    }
    return m.entrySet();
  }
}
