package dev.loadlab.runner.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeout of a VU's exchange in flight: one lazily re-armed timer. Each request only moves the deadline; a timer is
 * scheduled when none is pending, and when it fires before the deadline of the exchange then in flight it re-arms for
 * that deadline. Requests that answer in time therefore cost no timer operation (at 100,000 requests/s a schedule and a
 * cancel each would be two queue operations and a task object per request). Loop-confined.
 */
final class Deadline {
  private final EventLoop loop;
  private final Exchange exchange;
  private final Runnable expired;
  private final Runnable tick = this::tick;
  private ScheduledFuture<?> timer;
  private long deadline;

  /** {@code expired} runs on the loop when the exchange is still in flight at its deadline. */
  Deadline(EventLoop loop, Exchange exchange, Runnable expired) {
    this.loop = loop;
    this.exchange = exchange;
    this.expired = expired;
  }

  void arm(long newDeadline, long now) {
    deadline = newDeadline;
    if (timer == null) {
      timer = loop.schedule(tick, Math.max(0, newDeadline - now), TimeUnit.NANOSECONDS);
    }
  }

  void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void tick() {
    timer = null;
    if (!exchange.inFlight) {
      return;
    }
    long now = System.nanoTime();
    if (now >= deadline) {
      expired.run();
    } else {
      timer = loop.schedule(tick, deadline - now, TimeUnit.NANOSECONDS);
    }
  }
}
