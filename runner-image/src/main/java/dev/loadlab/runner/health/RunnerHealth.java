package dev.loadlab.runner.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Whether this runner could keep up while it ran: how late a 100 ms timer fires on each event loop (a loop that is
 * late by 200 ms delays every request it sends and every response it reads by as much), the CPU time the process
 * used per second over the cores it may use (container-aware), and the time the JVM spent in garbage collection.
 * Measured from the start of the run to its end; the figures go to {@code /results} ("health") and the run record.
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
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final int cores = Runtime.getRuntime().availableProcessors();
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

  /** Starts measuring on these loops. */
  public synchronized void start(List<EventLoop> loops) {
    startNanos = System.nanoTime();
    cpuAtStart = os.getProcessCpuTime();
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

  private void sampleCpu() {
    long now = System.nanoTime();
    long cpu = os.getProcessCpuTime();
    synchronized (this) {
      if (!running || now <= lastSample) {
        return;
      }
      cpuMax = Math.max(cpuMax, (double) (cpu - lastCpu) / (now - lastSample) / cores);
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
    cpuAtEnd = os.getProcessCpuTime();
    gcAtEnd = gcMillis();
    ticks.forEach(t -> t.cancel(false));
    sampler.shutdown();
  }

  /** The figures so far (or of the whole run once stopped). */
  public synchronized ObjectNode figures() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("cores", cores);
    if (startNanos == 0) {
      return o;
    }
    long end = running ? System.nanoTime() : endNanos;
    long cpu = running ? os.getProcessCpuTime() : cpuAtEnd;
    long gc = running ? gcMillis() : gcAtEnd;
    double wallNanos = Math.max(1, end - startNanos);
    o.putObject("eventLoopLagMs").put("p99", lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0)
        .put("max", lag.getMaxValue() / 1000.0).put("ticks", lag.getTotalCount());
    o.putObject("cpu").put("avg", round((cpu - cpuAtStart) / wallNanos / cores)).put("max", round(Math.max(cpuMax,
        (cpu - cpuAtStart) / wallNanos / cores)));
    o.put("gcPauseMs", gc - gcAtStart).put("gcPauseShare", round((gc - gcAtStart) * 1e6 / wallNanos));
    return o;
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
