package dev.loadlab.runner.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * The built-in system under test: every endpoint the examples call, deterministic enough to check a
 * runner's numbers against ({@code GET /stats} says how many requests it served). Loopback by default.
 */
public final class DemoTarget implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel server;
  private final DemoState state = new DemoState();

  private final boolean tls;

  private DemoTarget(String host, int port, int threads, SslContext ssl) throws InterruptedException {
    this.tls = ssl != null;
    group = dev.loadlab.runner.engine.Transport.group(threads);
    server = new ServerBootstrap()
        .group(group)
        .channel(dev.loadlab.runner.engine.Transport.serverSocketChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) {
              ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast(new HttpServerCodec())
                // gzip when the client accepts it, as most servers do, so clients' decoding is exercised
                .addLast(new HttpContentCompressor())
                .addLast(new HttpObjectAggregator(1 << 20))
                .addLast(new WebSocketServerProtocolHandler(DemoState.TICKER_PATH, null, true))
                .addLast(new TickerHandler(state))
                .addLast(new DemoHttpHandler(state));
          }
        })
        .bind(host, port).sync().channel();
  }

  /** Starts the demo target; port 0 picks a free port. */
  public static DemoTarget start(String host, int port, int threads) throws InterruptedException {
    return new DemoTarget(host, port, threads, null);
  }

  /** Starts the demo target speaking HTTPS (and WSS) with the given server TLS context. */
  public static DemoTarget startTls(String host, int port, int threads, SslContext ssl) throws InterruptedException {
    return new DemoTarget(host, port, threads, ssl);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public String baseUrl() {
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    return (tls ? "https://" : "http://") + a.getHostString() + ":" + a.getPort();
  }

  /** Requests served so far (HTTP requests and WebSocket subscriptions). */
  public long requests() {
    return state.requests();
  }

  public DemoState state() {
    return state;
  }

  public void closeFuture() throws InterruptedException {
    server.closeFuture().sync();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
