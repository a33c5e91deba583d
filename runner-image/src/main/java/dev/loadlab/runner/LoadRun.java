package dev.loadlab.runner;

import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ProtocolClient;
import dev.loadlab.runner.engine.ResourceLimit;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.runner.engine.VirtualUser;
import dev.loadlab.runner.executors.ScenarioRun;
import dev.loadlab.runner.executors.VuFactory;
import dev.loadlab.runner.grpc.GrpcChannels;
import dev.loadlab.runner.grpc.GrpcClient;
import dev.loadlab.runner.grpc.GrpcSchemas;
import dev.loadlab.runner.http.HttpClient;
import dev.loadlab.results.Interval;
import dev.loadlab.results.Intervals;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.traces.TraceStore;
import dev.loadlab.runner.websocket.WebSocketClient;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * One run of a {@link TestPlan} on this machine: the event loops, one {@link ScenarioRun} per scenario,
 * and the merged view of what the loops recorded.
 */
public final class LoadRun implements AutoCloseable {
  /**
   * @param threads event loops (0 = one per core); @param connectTo host:port to address, like curl --connect-to;
   * @param configMapDir where ConfigMaps the steps name are mounted (DIR/NAME/KEY), or null
   */
  public record Options(int threads, Map<String, InetSocketAddress> connectTo, boolean insecureSkipTlsVerify,
      java.nio.file.Path configMapDir) {
    public Options(int threads, Map<String, InetSocketAddress> connectTo, boolean insecureSkipTlsVerify) {
      this(threads, connectTo, insecureSkipTlsVerify, null);
    }

    public static Options defaults() {
      return new Options(0, Map.of(), false);
    }
  }

  private final TestPlan plan;
  private final io.netty.channel.EventLoopGroup group;
  private final List<LoopContext> loops = new ArrayList<>();
  private final List<ScenarioRun> runs = new ArrayList<>();
  private final AtomicInteger nextVu = new AtomicInteger();
  private final ResourceLimit resourceLimit;
  private final TraceStore traces;
  private final Intervals intervals = new Intervals(this::intervalSnapshot, this::activeVUs);
  private final java.util.concurrent.ScheduledExecutorService clock =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadlab-intervals");
        t.setDaemon(true);
        return t;
      });
  private volatile long startNanos;
  private final dev.loadlab.runner.health.RunnerHealth health = new dev.loadlab.runner.health.RunnerHealth();

  public LoadRun(TestPlan plan, Options options) {
    this.plan = plan;
    int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    group = dev.loadlab.runner.engine.Transport.group(threads);
    SslContext ssl = ssl(options.insecureSkipTlsVerify(), false);
    SslContext sslHttp2 = ssl(options.insecureSkipTlsVerify(), true);
    resourceLimit = new ResourceLimit(plan.maxResources());
    // Past the cap: start no new iteration, let the running ones finish (so every request sent is counted).
    resourceLimit.onExceeded(() -> runs.forEach(r -> r.finish(TimeUnit.SECONDS.toNanos(5))));
    // Labels known before the run (given, or from constant URLs) count towards the cap as well.
    for (ScenarioPlan s : plan.scenarios()) {
      for (var step : s.steps()) {
        if (step instanceof CompiledStep.HttpCall call && call.resource() != null) {
          resourceLimit.admit(call.resource(), call.path());
        } else if (step instanceof CompiledStep.WebSocketCall ws) {
          resourceLimit.admit(ws.resource(), "a websocket step of " + s.name());
        } else if (step instanceof CompiledStep.GrpcCall g) {
          resourceLimit.admit(g.resource(), g.path());
        }
      }
    }
    var t = plan.traces();
    traces = new TraceStore(t.enabled(), t.maxTraces(), t.maxBodyBytes(), t.redactHeaders(), t.secretValues());
    group.forEach(e -> loops.add(new LoopContext((EventLoop) e, ssl, sslHttp2, options.connectTo(), resourceLimit,
        traces)));
    var grpcChannels = new GrpcChannels(options.connectTo(), options.insecureSkipTlsVerify());
    Map<String, GrpcSchemas.Method> grpcMethods;
    try {
      grpcMethods = GrpcSchemas.resolve(plan, grpcChannels, group, options.configMapDir());
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      clock.shutdown();
      throw e;
    }
    ProtocolClient.Factory clients = new ProtocolClient.Factory() {
      @Override
      public ProtocolClient<CompiledStep.HttpCall> http(VirtualUser vu) {
        return new HttpClient(vu);
      }

      @Override
      public ProtocolClient<CompiledStep.WebSocketCall> webSocket(VirtualUser vu) {
        return new WebSocketClient(vu);
      }

      @Override
      public ProtocolClient<CompiledStep.GrpcCall> grpc(VirtualUser vu) {
        return new GrpcClient(vu, grpcMethods, grpcChannels);
      }
    };
    VuFactory vus = new VuFactory() {
      @Override
      public VirtualUser create(ScenarioPlan scenario) {
        int id = nextVu.incrementAndGet();
        return new VirtualUser(id, scenario, loops.get(id % loops.size()), plan, clients);
      }

      @Override
      public LoopContext controller() {
        return loops.get(0);
      }
    };
    plan.scenarios().forEach(s -> runs.add(ScenarioRun.of(s, vus)));
  }

  /** @param http2 offer h2 before http/1.1 with ALPN */
  private static SslContext ssl(boolean insecure, boolean http2) {
    try {
      var b = SslContextBuilder.forClient();
      if (insecure) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      }
      if (http2) {
        b.applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
            io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
            io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2, io.netty.handler.ssl.ApplicationProtocolNames.HTTP_1_1));
      }
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Starts every scenario relative to now (or to {@code atNanos}, a nanoTime, to start several runners together). */
  public CompletableFuture<Void> start(long atNanos) {
    startNanos = atNanos;
    long delay = Math.max(0, atNanos - System.nanoTime());
    clock.schedule(() -> health.start(loops.stream().map(LoopContext::loop).toList()), delay, TimeUnit.NANOSECONDS);
    runs.forEach(r -> r.start(atNanos));
    long every = plan.intervalNanos();
    long first = Math.max(0, atNanos - System.nanoTime()) + every;
    clock.scheduleAtFixedRate(() -> intervals.close((System.nanoTime() - atNanos) / 1e9), first, every, TimeUnit.NANOSECONDS);
    // The last, partial interval is closed on the clock's thread: reading the loops must not block one of them.
    return CompletableFuture.allOf(runs.stream().map(ScenarioRun::done).toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> {
          intervals.close((System.nanoTime() - atNanos) / 1e9);
          health.stop();
        }, clock)
        .whenComplete((ok, failed) -> clock.shutdown());
  }

  /** What was recorded in each interval (spec.metrics.interval) so far, encoded; the last one may be shorter. */
  public com.fasterxml.jackson.databind.node.ArrayNode intervals() {
    return intervals.encoded();
  }

  /** The figures of each interval so far, for reading. */
  public java.util.List<Interval.Figures> intervalFigures() {
    return intervals.figures();
  }

  public CompletableFuture<Void> start() {
    return start(System.nanoTime());
  }

  public long startNanos() {
    return startNanos;
  }

  public TestPlan plan() {
    return plan;
  }

  public List<ScenarioRun> scenarios() {
    return runs;
  }

  /** The event loops the VUs run on (the first also schedules arrivals). */
  List<io.netty.channel.EventLoop> eventLoops() {
    return loops.stream().map(LoopContext::loop).toList();
  }

  public int activeVUs() {
    return runs.stream().mapToInt(ScenarioRun::activeVUs).sum();
  }

  /** VUs allocated over all scenarios. */
  public int allocatedVUs() {
    return runs.stream().mapToInt(ScenarioRun::allocatedVUs).sum();
  }

  /** The health figures as a scrape sees them while the run goes on (null before the start). */
  public dev.loadlab.runner.health.RunnerHealth.Live liveHealth() {
    return health.live();
  }

  /**
   * Whether this runner could keep up: event-loop lag, CPU, GC ({@link dev.loadlab.runner.health.RunnerHealth}), and
   * the blocked share and dropped iterations read off {@code stats}, a snapshot of this run.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode health(Stats stats) {
    return dev.loadlab.results.health.RunnerSaturation.addLoadFigures(health.figures(), stats);
  }

  /** The traces kept so far (redacted). */
  public java.util.List<dev.loadlab.runner.traces.Trace> traces() {
    return traces.all();
  }

  /** Why the runner stopped the test itself (e.g. TooManyResources), or null. */
  public String stopReason() {
    return resourceLimit.reason();
  }

  /** Stops every scenario now; running iterations are interrupted. */
  public void stop() {
    runs.forEach(ScenarioRun::stop);
  }

  /** Everything recorded so far, merged over the loops. Not to be called from an event loop. */
  public Stats snapshot() {
    return collect(LoopMetrics::snapshot);
  }

  /** Request count, failures, iterations and the all-requests latency histogram only. */
  public Stats progress() {
    return collect(LoopMetrics::progressSnapshot);
  }

  private Stats intervalSnapshot() {
    return collect(LoopMetrics::intervalSnapshot);
  }

  private Stats collect(java.util.function.Function<LoopMetrics, Stats> part) {
    var futures = new ArrayList<Future<Stats>>();
    for (LoopContext l : loops) {
      futures.add(l.loop().submit(() -> part.apply(l.metrics())));
    }
    var merged = new Stats();
    for (Future<Stats> f : futures) {
      try {
        merged.add(f.get(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("an event loop did not hand over its metrics: " + e, e);
      }
    }
    return merged;
  }

  @Override
  public void close() {
    health.close();
    clock.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
