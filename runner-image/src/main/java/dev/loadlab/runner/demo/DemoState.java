package dev.loadlab.runner.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the demo target counts and the switches that shape its answers; shared by its event loops. */
public final class DemoState {
  public static final String TICKER_PATH = "/ticker";

  private final LongAdder requests = new LongAdder();
  private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile long stallUntilNanos;

  /** Counts a request and returns its sequence number (1, 2, ...), which drives the deterministic answers. */
  long count(String path) {
    requests.increment();
    byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
    return sequence.incrementAndGet();
  }

  public long requests() {
    return requests.sum();
  }

  public Map<String, Long> requestsByPath() {
    var m = new TreeMap<String, Long>();
    byPath.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  public void reset() {
    requests.reset();
    byPath.clear();
    sequence.set(0);
  }

  /** Every answer is held until this much time has passed: a stalled target, to test latency recording. */
  public void stallFor(long millis) {
    stallUntilNanos = System.nanoTime() + millis * 1_000_000L;
  }

  /** Milliseconds an answer must still wait because of a stall. */
  long stallRemainingMillis() {
    long left = stallUntilNanos - System.nanoTime();
    return left > 0 ? (left + 999_999) / 1_000_000 : 0;
  }
}
