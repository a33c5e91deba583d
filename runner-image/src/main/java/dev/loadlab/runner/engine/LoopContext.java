package dev.loadlab.runner.engine;

import dev.loadlab.results.LoopMetrics;
import dev.loadlab.runner.traces.TraceStore;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;

/** What the VUs of one event loop share: the loop, its metrics, the connection bootstrap. Loop-confined. */
public final class LoopContext {
  private final EventLoop loop;
  private final LoopMetrics metrics = new LoopMetrics();
  private final Bootstrap bootstrap;
  private final SslContext ssl;
  private final SslContext sslHttp2;
  private final Map<String, InetSocketAddress> connectTo;
  private final ResourceLimit resources;
  private final TraceStore traces;
  /** What a protocol client works out once per step on this loop rather than per VU (see {@link #stepState}). */
  private final Map<CompiledStep, Object> stepStates = new IdentityHashMap<>();

  /** @param sslHttp2 TLS offering h2 and http/1.1 with ALPN, for steps with httpVersion 2 */
  public LoopContext(EventLoop loop, SslContext ssl, SslContext sslHttp2, Map<String, InetSocketAddress> connectTo,
      ResourceLimit resources, TraceStore traces) {
    this.loop = loop;
    this.resources = resources;
    this.traces = traces;
    this.ssl = ssl;
    this.sslHttp2 = sslHttp2;
    this.connectTo = connectTo;
    this.bootstrap = new Bootstrap().group(loop).channel(Transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
  }

  public EventLoop loop() {
    return loop;
  }

  public LoopMetrics metrics() {
    return metrics;
  }

  public Bootstrap bootstrap() {
    return bootstrap;
  }

  public TraceStore traces() {
    return traces;
  }

  public ResourceLimit resources() {
    return resources;
  }

  public SslContext ssl() {
    return ssl;
  }

  /** TLS that offers h2, then http/1.1, with ALPN. */
  public SslContext sslHttp2() {
    return sslHttp2;
  }

  /** Where to connect for host:port: the address itself, or where --connect-to sends it. */
  public InetSocketAddress address(String host, int port) {
    InetSocketAddress alias = connectTo.get(host + ":" + port);
    return alias != null ? alias : InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * What a protocol client keeps for a step on this loop (its resource's figures, its parsed URL): shared by the loop's
   * VUs, so ten thousand VUs do not each hold a copy; null until {@link #stepState(CompiledStep, Object)} sets it.
   */
  @SuppressWarnings("unchecked")
  public <T> T stepState(CompiledStep step) {
    return (T) stepStates.get(step);
  }

  public void stepState(CompiledStep step, Object state) {
    stepStates.put(step, state);
  }
}
