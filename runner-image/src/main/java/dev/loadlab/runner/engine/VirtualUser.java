package dev.loadlab.runner.engine;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A virtual user: a state machine that runs the steps of one iteration after another, owned by one
 * event loop (see package-info). Its state is allocated once and reset when an iteration starts.
 */
public final class VirtualUser {
  private final int id;
  private final ScenarioPlan scenario;
  private final LoopContext context;
  private final TestPlan plan;
  private final ProtocolClient<CompiledStep.HttpCall> http;
  private final ProtocolClient<CompiledStep.WebSocketCall> webSocket;
  private final ProtocolClient<CompiledStep.GrpcCall> grpc;
  private final Map<String, Object> vars = new HashMap<>();
  private final long[] groupStarts = new long[32];
  private final SplittableRandom random;
  private int groupDepth;
  private long iteration = -1;
  private long iterationStart;
  private long intendedStart = -1;
  private int step;
  private boolean running;
  private IterationListener listener;
  private ScheduledFuture<?> pause;

  public VirtualUser(int id, ScenarioPlan scenario, LoopContext context, TestPlan plan, ProtocolClient.Factory clients) {
    this.id = id;
    this.scenario = scenario;
    this.context = context;
    this.plan = plan;
    this.http = clients.http(this);
    this.webSocket = clients.webSocket(this);
    this.grpc = clients.grpc(this);
    this.random = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
  }

  /**
   * Starts an iteration; call on this VU's loop. {@code intendedNanos} is when it should have started:
   * the first request's latency is measured from there when {@code fromIntended} (arrival-rate executors).
   */
  public void startIteration(long intendedNanos, boolean fromIntended, IterationListener listener) {
    this.listener = listener;
    iteration++;
    iterationStart = intendedNanos;
    intendedStart = fromIntended ? intendedNanos : -1;
    step = 0;
    groupDepth = 0;
    vars.clear();
    running = true;
    next();
  }

  /** Runs steps until one has to wait (a request, a pause) or the iteration ends. */
  public void next() {
    if (!running) {
      return;
    }
    CompiledStep[] steps = scenario.steps();
    while (step < steps.length) {
      CompiledStep s = steps[step++];
      if (s instanceof CompiledStep.HttpCall call) {
        http.execute(call);
        return;
      } else if (s instanceof CompiledStep.WebSocketCall call) {
        webSocket.execute(call);
        return;
      } else if (s instanceof CompiledStep.GrpcCall call) {
        grpc.execute(call);
        return;
      } else if (s instanceof CompiledStep.Pause p) {
        long d = p.minNanos() == p.maxNanos() ? p.minNanos() : random.nextLong(p.minNanos(), p.maxNanos() + 1);
        pause = context.loop().schedule(this::afterPause, d, TimeUnit.NANOSECONDS);
        return;
      } else if (s instanceof CompiledStep.GroupStart) {
        groupStarts[Math.min(groupDepth++, groupStarts.length - 1)] = System.nanoTime();
      } else if (s instanceof CompiledStep.GroupEnd g) {
        long started = groupStarts[Math.min(--groupDepth, groupStarts.length - 1)];
        context.metrics().group(g.name(), System.nanoTime() - started);
      }
    }
    running = false;
    context.metrics().iteration(scenario.name(), System.nanoTime() - iterationStart);
    listener.iterationEnded(this, true);
  }

  private void afterPause() {
    pause = null;
    next();
  }

  /** Hard stop: abandons the running iteration (not recorded) and closes the VU's connections. */
  public void interrupt() {
    boolean wasRunning = running;
    running = false;
    if (pause != null) {
      pause.cancel(false);
      pause = null;
    }
    http.close();
    webSocket.close();
    grpc.close();
    if (wasRunning) {
      context.metrics().interrupted(scenario.name());
      listener.iterationEnded(this, false);
    }
  }

  /** Closes connections when the VU retires. */
  public void close() {
    http.close();
    webSocket.close();
    grpc.close();
  }

  /** The time the next request's latency counts from: the intended start once, then now. */
  public long takeRequestStart(long now) {
    long start = intendedStart >= 0 ? Math.min(intendedStart, now) : now;
    intendedStart = -1;
    return start;
  }

  public int id() {
    return id;
  }

  public long iteration() {
    return iteration;
  }

  public ScenarioPlan scenario() {
    return scenario;
  }

  public LoopContext context() {
    return context;
  }

  public TestPlan plan() {
    return plan;
  }

  public Object variable(String name) {
    return vars.get(name);
  }

  public Map<String, Object> vars() {
    return vars;
  }
}
