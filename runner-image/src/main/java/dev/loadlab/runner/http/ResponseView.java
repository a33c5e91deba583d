package dev.loadlab.runner.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.validation.UserExpressions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code response} in expressions: status, protocol ("HTTP/1.1" or "HTTP/2"), headers (lower-case names), body and
 * json. The body is decoded and parsed only when an expression asks for it, once.
 */
final class ResponseView extends AbstractMap<String, Object> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYS = Set.of("status", "protocol", "headers", "body", "json");
  /** The header Netty's HTTP/2-to-HTTP/1 conversion adds to a response: it came on an HTTP/2 stream. */
  private static final String HTTP2_STREAM_ID = "x-http2-stream-id";
  private final long status;
  /** The response's head, or null when there was no response; never overwritten once held here ({@link Http1Head#hold}). */
  private final ResponseHead head;
  private final byte[] content;
  private Map<String, Object> headers;
  private String body;
  private Object json;
  private boolean jsonParsed;

  ResponseView(long status, ResponseHead head, byte[] content) {
    this.status = status;
    this.head = head;
    if (head instanceof Http1Head h) {
      h.hold();
    }
    this.content = content;
  }

  @Override
  public boolean containsKey(Object key) {
    return KEYS.contains(key) && (!"json".equals(key) || get("json") != null);
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String k)) {
      return null;
    }
    return switch (k) {
      case "status" -> status;
      case "protocol" -> head != null && head.http2() ? "HTTP/2" : "HTTP/1.1";
      case "headers" -> headers();
      case "body" -> body();
      case "json" -> json();
      default -> null;
    };
  }

  private Map<String, Object> headers() {
    if (headers == null) {
      headers = new LinkedHashMap<>();
      if (head != null) {
        head.headers().forEach(h -> {
          if (!h.getKey().equalsIgnoreCase(HTTP2_STREAM_ID)) {
            headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + ", " + b);
          }
        });
      }
    }
    return headers;
  }

  private String body() {
    if (body == null) {
      body = content == null ? "" : new String(content, StandardCharsets.UTF_8);
    }
    return body;
  }

  private Object json() {
    if (!jsonParsed) {
      jsonParsed = true;
      try {
        String text = body();
        json = text.isBlank() ? null : UserExpressions.fromJson(JSON.readTree(text));
      } catch (IOException e) {
        json = null;
      }
    }
    return json;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    var m = new LinkedHashMap<String, Object>();
    for (String k : new String[] {"status", "protocol", "headers", "body", "json"}) {
      if (containsKey(k)) {
        m.put(k, get(k));
      }
    }
    return m.entrySet();
  }
}
