package dev.loadlab.runner.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's traces: about one per resource, status and minute (plus every request of a step with
 * forceTrace), at most {@code maxTraces}, each redacted before it is stored: the Authorization, Cookie and
 * Set-Cookie headers, the user's redactHeaders, and every value that came from a Secret. Shared by the loops;
 * touched only when a trace is taken, so at most a few times a minute per resource.
 */
public final class TraceStore {
  public static final String REDACTED = "[redacted]";
  private static final Set<String> ALWAYS_REDACTED = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
  private final boolean enabled;
  private final int maxTraces;
  private final int maxBodyBytes;
  private final Set<String> redactHeaders = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private final List<String> secrets;
  private final Set<String> sampled = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Trace> traces = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  public TraceStore(boolean enabled, int maxTraces, int maxBodyBytes, List<String> redactHeaders, List<String> secrets) {
    this.enabled = enabled;
    this.maxTraces = maxTraces;
    this.maxBodyBytes = maxBodyBytes;
    this.redactHeaders.addAll(ALWAYS_REDACTED);
    this.redactHeaders.addAll(redactHeaders);
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3)
        .sorted((a, b) -> b.length() - a.length()).toList();
  }

  /**
   * Whether this exchange is to be traced: forced, or the first of its resource, status and minute, while
   * there is room. Asked once per response head; the answer is true at most once per key.
   */
  public boolean wants(String scenario, String resource, int status, long epochMillis, boolean forced) {
    if (!enabled || kept.get() >= maxTraces) {
      return false;
    }
    return forced || sampled.add(scenario + '\u0000' + resource + '\u0000' + status + '\u0000' + epochMillis / 60_000);
  }

  /** Stores a trace, redacted; drops it when the cap is reached meanwhile. */
  public void keep(Trace trace) {
    if (kept.incrementAndGet() > maxTraces) {
      kept.decrementAndGet();
      return;
    }
    trace.url = redact(trace.url);
    for (Trace.Packet p : trace.packets) {
      p.headers.replaceAll((name, value) -> redactHeaders.contains(name) ? REDACTED : redact(value));
      p.data = redact(p.data);
    }
    traces.add(trace);
  }

  public boolean enabled() {
    return enabled && kept.get() < maxTraces;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, REDACTED);
    }
    return out;
  }

  public List<Trace> all() {
    return new ArrayList<>(traces);
  }

  /** Headers as a trace keeps them: one value per name. */
  public static Map<String, String> headers(Iterable<Map.Entry<String, String>> headers) {
    var m = new java.util.LinkedHashMap<String, String>();
    for (var h : headers) {
      m.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b);
    }
    return m;
  }
}
