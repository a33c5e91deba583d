package dev.loadlab.results;

import org.HdrHistogram.Histogram;

/** Request figures of one resource, in microseconds; single writer (one event loop). */
public final class ResourceStats {
  final Histogram duration = histogram();
  final Histogram blocked = histogram();
  final Histogram connecting = histogram();
  final Histogram tlsHandshaking = histogram();
  final Histogram sending = histogram();
  final Histogram waiting = histogram();
  final Histogram receiving = histogram();
  long requests;
  long failures;
  long bytesSent;
  long bytesReceived;
  /** Responses per status code (0 = no response: connection error or timeout). */
  long[] statuses = new long[600];
  /** Trace sampling: the minute this loop last offered a trace of each status (not copied nor merged). */
  private long[] tracedMinute;

  /** Whether this loop has not yet offered a trace of this status in this minute; notes that it now has. */
  boolean firstOfMinute(int status, long minute) {
    if (tracedMinute == null) {
      tracedMinute = new long[600];
      java.util.Arrays.fill(tracedMinute, -1);
    }
    int i = status >= 0 && status < 600 ? status : 0;
    if (tracedMinute[i] == minute) {
      return false;
    }
    tracedMinute[i] = minute;
    return true;
  }

  static Histogram histogram() {
    // Auto-resizing: memory follows the range actually seen, so 600 resources stay affordable.
    return new Histogram(3);
  }

  void add(ResourceStats o) {
    addCounts(o);
    duration.add(o.duration);
    blocked.add(o.blocked);
    connecting.add(o.connecting);
    tlsHandshaking.add(o.tlsHandshaking);
    sending.add(o.sending);
    waiting.add(o.waiting);
    receiving.add(o.receiving);
  }

  void dropPhases() {
    for (Histogram h : new Histogram[] {blocked, connecting, tlsHandshaking, sending, waiting, receiving}) {
      h.reset();
    }
  }

  /** The counters and the duration histogram only: what an interval keeps of a resource. */
  void addLean(ResourceStats o) {
    addCounts(o);
    duration.add(o.duration);
  }

  private void addCounts(ResourceStats o) {
    requests += o.requests;
    failures += o.failures;
    bytesSent += o.bytesSent;
    bytesReceived += o.bytesReceived;
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] += o.statuses[i];
    }
  }

  public Histogram duration() {
    return duration;
  }

  public long requests() {
    return requests;
  }

  public Histogram blocked() {
    return blocked;
  }

  public Histogram connecting() {
    return connecting;
  }

  public Histogram tlsHandshaking() {
    return tlsHandshaking;
  }

  public Histogram sending() {
    return sending;
  }

  public Histogram waiting() {
    return waiting;
  }

  public Histogram receiving() {
    return receiving;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long failures() {
    return failures;
  }

  public long[] statuses() {
    return statuses;
  }
}
