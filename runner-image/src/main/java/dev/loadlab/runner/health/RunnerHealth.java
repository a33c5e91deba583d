package dev.loadlab.runner.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Whether this runner could keep up while it ran: how late a 100 ms timer fires on each event loop (a loop that is
 * late by 200 ms delays every request it sends and every response it reads by as much), how busy the event-loop
 * threads were against the CPU they could have (one core per loop, at most the process's CPU limit:
 * {@link CpuLimit}), and the time the JVM spent in garbage collection. Only the loops' own threads count as its CPU:
 * a demo target in the same process (loadlab run) is not the runner's work. Measured from the start of the run to its
 * end; the figures go to {@code /results} ("health"), the run record and the verdict (spec.runnerHealth).
 */
public final class RunnerHealth implements AutoCloseable {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private final SynchronizedHistogram lag = new SynchronizedHistogram(3);
  private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "loadlab-health");
    t.setDaemon(true);
    return t;
  });
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final double limitCores;
  private long[] loopThreads = new long[0];
  private double capacity;
  private volatile boolean running;
  private long startNanos;
  private long endNanos;
  private long cpuAtStart;
  private long cpuAtEnd;
  private long gcAtStart;
  private long gcAtEnd;
  private long lastCpu;
  private long lastSample;
  private volatile double cpuMax;
  private volatile double cpuLast;

  /**
   * The figures as Prometheus scrapes them while the run goes on: the lag of every timer tick so far (microseconds),
   * the loops' CPU so far, the share of the last second they were busy, the CPU they could use, and the GC time.
   */
  public record Live(org.HdrHistogram.Histogram lagMicros, double cpuSeconds, double cpuShare, double cores,
      double gcSeconds) {
  }

  public RunnerHealth() {
    this(CpuLimit.cores());
  }

  /** @param limitCores the CPU this process may use, in cores */
  RunnerHealth(double limitCores) {
    this.limitCores = limitCores;
  }

  /** Starts measuring on these loops. */
  public synchronized void start(List<EventLoop> loops) {
    loopThreads = loops.stream().mapToLong(RunnerHealth::threadOf).filter(id -> id > 0).toArray();
    capacity = Math.min(Math.max(1, loops.size()), limitCores);
    startNanos = System.nanoTime();
    cpuAtStart = loopCpu();
    gcAtStart = gcMillis();
    lastCpu = cpuAtStart;
    lastSample = startNanos;
    running = true;
    for (EventLoop loop : loops) {
      long first = System.nanoTime() + TICK_NANOS;
      long[] due = {first};
      ticks.add(loop.scheduleAtFixedRate(() -> {
        long now = System.nanoTime();
        lag.recordValue(Math.max(0, (now - due[0]) / 1000));
        due[0] += TICK_NANOS;
        if (due[0] < now) {
          due[0] = now + TICK_NANOS; // a loop stalled for several ticks: one late tick is recorded, not a cascade
        }
      }, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS));
    }
    sampler.scheduleAtFixedRate(this::sampleCpu, 1, 1, TimeUnit.SECONDS);
  }

  /** The id of the thread a loop runs on (asked of the loop itself); 0 if it does not say within a second. */
  private static long threadOf(EventLoop loop) {
    if (loop.inEventLoop()) {
      return Thread.currentThread().getId();
    }
    try {
      return loop.submit(() -> Thread.currentThread().getId()).get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** CPU time of the loops' threads so far, in nanoseconds (a thread that ended counts no more). */
  private long loopCpu() {
    if (loopThreads.length == 0 || !threads.isThreadCpuTimeSupported()) {
      return 0;
    }
    long total = 0;
    for (long t : threads.getThreadCpuTime(loopThreads)) {
      total += Math.max(0, t);
    }
    return total;
  }

  private void sampleCpu() {
    long now = System.nanoTime();
    long cpu = loopCpu();
    synchronized (this) {
      if (!running || now <= lastSample) {
        return;
      }
      cpuLast = (double) (cpu - lastCpu) / (now - lastSample) / capacity;
      cpuMax = Math.max(cpuMax, cpuLast);
      lastCpu = cpu;
      lastSample = now;
    }
  }

  /** Ends the measurement (the run is over). */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    endNanos = System.nanoTime();
    cpuAtEnd = loopCpu();
    gcAtEnd = gcMillis();
    ticks.forEach(t -> t.cancel(false));
    sampler.shutdown();
  }

  /** The figures so far (or of the whole run once stopped). */
  public synchronized ObjectNode figures() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (startNanos == 0) {
      return o.put("cores", round(Math.min(limitCores, Runtime.getRuntime().availableProcessors())));
    }
    long end = running ? System.nanoTime() : endNanos;
    o.put("seconds", round((end - startNanos) / 1e9)).put("cores", round(capacity)).put("loops", loopThreads.length);
    long cpu = running ? loopCpu() : cpuAtEnd;
    long gc = running ? gcMillis() : gcAtEnd;
    double wallNanos = Math.max(1, end - startNanos);
    o.putObject("eventLoopLagMs").put("p99", lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0)
        .put("max", lag.getMaxValue() / 1000.0).put("ticks", lag.getTotalCount());
    double avg = (cpu - cpuAtStart) / wallNanos / capacity;
    o.putObject("cpu").put("avg", round(avg)).put("max", round(Math.max(cpuMax, avg)));
    o.put("gcPauseMs", gc - gcAtStart).put("gcPauseShare", round((gc - gcAtStart) * 1e6 / wallNanos));
    return o;
  }

  /** What a scrape sees now; null before the run started. */
  public synchronized Live live() {
    if (startNanos == 0) {
      return null;
    }
    long cpu = running ? loopCpu() : cpuAtEnd;
    long gc = running ? gcMillis() : gcAtEnd;
    return new Live(lag.copy(), (cpu - cpuAtStart) / 1e9, running ? cpuLast : 0, capacity, (gc - gcAtStart) / 1e3);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @Override
  public void close() {
    stop();
    sampler.shutdownNow();
  }
}
