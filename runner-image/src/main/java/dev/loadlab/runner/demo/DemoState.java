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
  /** What the target handed out, to check a runner's custom metrics against. */
  private final Map<String, LongAdder> tallies = new ConcurrentHashMap<>();

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

  void tally(String what, long amount) {
    tallies.computeIfAbsent(what, k -> new LongAdder()).add(amount);
  }

  /** Totals of what the target served: prompt_tokens, completion_tokens, checkouts_succeeded, order_cents, cache_hits, errors_injected, ticks. */
  public Map<String, Long> tallies() {
    var m = new TreeMap<String, Long>();
    tallies.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  public void reset() {
    requests.reset();
    tallies.clear();
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
