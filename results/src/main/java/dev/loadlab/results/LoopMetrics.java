package dev.loadlab.results;

import dev.loadlab.api.loadtest.MetricType;

/**
 * The recording side, one per event loop and written only by it: plain field updates, no locks.
 * Durations arrive in nanoseconds and are recorded in microseconds.
 */
public final class LoopMetrics {
  private final Stats stats = new Stats();

  /** Records one request (or one failed attempt, status 0) of a resource. */
  public void request(ResourceKey key, int status, boolean failed, long blockedNs, long connectingNs, long tlsNs,
      long sendingNs, long waitingNs, long receivingNs, long durationNs, long bytesSent, long bytesReceived) {
    request(resource(key), status, failed, blockedNs, connectingNs, tlsNs, sendingNs, waitingNs, receivingNs, durationNs,
        bytesSent, bytesReceived);
  }

  /**
   * The live figures of a resource on this loop, for a client to keep per step and hand back to {@link #request(
   * ResourceStats, int, boolean, long, long, long, long, long, long, long, long, long)} and {@link #firstOfMinute(
   * ResourceStats, int, long)}: no map lookup (and no hashing of the key's strings and tags) per request.
   */
  public ResourceStats resource(ResourceKey key) {
    return stats.resource(key);
  }

  /** {@link #request(ResourceKey, int, boolean, long, long, long, long, long, long, long, long, long)}, by handle. */
  public void request(ResourceStats r, int status, boolean failed, long blockedNs, long connectingNs, long tlsNs,
      long sendingNs, long waitingNs, long receivingNs, long durationNs, long bytesSent, long bytesReceived) {
    r.requests++;
    stats.requests++;
    if (failed) {
      r.failures++;
      stats.failures++;
    }
    r.statuses[status >= 0 && status < r.statuses.length ? status : 0]++;
    long us = micros(durationNs);
    r.duration.recordValue(us);
    stats.allDurations.recordValue(us);
    r.blocked.recordValue(micros(blockedNs));
    r.connecting.recordValue(micros(connectingNs));
    r.tlsHandshaking.recordValue(micros(tlsNs));
    r.sending.recordValue(micros(sendingNs));
    r.waiting.recordValue(micros(waitingNs));
    r.receiving.recordValue(micros(receivingNs));
    r.bytesSent += bytesSent;
    r.bytesReceived += bytesReceived;
    stats.bytesSent += bytesSent;
    stats.bytesReceived += bytesReceived;
  }

  /**
   * Whether this loop should offer a trace of this resource and status to the trace store this minute: the
   * cheap, loop-local half of the one-per-resource-status-minute sampling.
   */
  public boolean firstOfMinute(ResourceKey key, int status, long minute) {
    return stats.resource(key).firstOfMinute(status, minute);
  }

  /** {@link #firstOfMinute(ResourceKey, int, long)}, by handle. */
  public boolean firstOfMinute(ResourceStats r, int status, long minute) {
    return r.firstOfMinute(status, minute);
  }

  public void iteration(String scenario, long durationNs) {
    Stats.ScenarioStats s = stats.scenario(scenario);
    s.iterations++;
    s.iterationDuration.recordValue(micros(durationNs));
  }

  public void interrupted(String scenario) {
    stats.scenario(scenario).interrupted++;
  }

  public void dropped(String scenario) {
    stats.scenario(scenario).dropped++;
  }

  public void check(String name, boolean passed) {
    stats.checks.computeIfAbsent(name, k -> new long[2])[passed ? 0 : 1]++;
  }

  public void group(String name, long durationNs) {
    stats.groups.computeIfAbsent(name, k -> ResourceStats.histogram()).recordValue(micros(durationNs));
  }

  public void connectionError(String kind) {
    stats.connectionErrors.computeIfAbsent(kind, k -> new long[1])[0]++;
  }

  public void expressionError(String what) {
    stats.expressionErrors.computeIfAbsent(what, k -> new long[1])[0]++;
  }

  /**
   * Bytes of a resource's exchange that is not a request (a WebSocket session: handshake and frames): data_sent and
   * data_received count them, the request figures do not.
   */
  public void data(ResourceKey key, long bytesSent, long bytesReceived) {
    ResourceStats r = stats.resource(key);
    r.bytesSent += bytesSent;
    r.bytesReceived += bytesReceived;
    stats.bytesSent += bytesSent;
    stats.bytesReceived += bytesReceived;
  }

  /** The seam for custom metrics: a value of a trend, counter, rate or gauge. */
  public void custom(Stats.CustomKey key, MetricType type, String units, double value) {
    stats.custom(key, type, units).record(value, System.nanoTime());
  }

  /** A count in a keyed histogram metric. */
  public void customKey(Stats.CustomKey key, String units, String bucket) {
    stats.custom(key, MetricType.HISTOGRAM, units).recordKey(bucket);
  }

  /** A copy of everything so far; call on the owning loop. */
  public Stats snapshot() {
    return stats.copy();
  }

  /** A copy of what an interval keeps ({@link Stats#addLean}); call on the owning loop. */
  public Stats intervalSnapshot() {
    var c = new Stats();
    c.addLean(stats);
    return c;
  }

  /** Request count and the all-requests duration histogram only: cheap enough for a live progress line. */
  public Stats progressSnapshot() {
    var s = new Stats();
    s.requests = stats.requests;
    s.failures = stats.failures;
    s.allDurations.add(stats.allDurations);
    stats.scenarios.forEach((k, v) -> {
      Stats.ScenarioStats c = s.scenario(k);
      c.iterations = v.iterations;
      c.dropped = v.dropped;
    });
    return s;
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1000);
  }
}
