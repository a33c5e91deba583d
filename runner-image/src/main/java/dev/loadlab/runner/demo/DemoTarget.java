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
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The built-in system under test: every endpoint the examples call, deterministic enough to check a
 * runner's numbers against ({@code GET /stats} says how many requests it served). Loopback by default.
 */
public final class DemoTarget implements AutoCloseable {
  /** The port gRPC URLs name on host demo-target (grpc://demo-target:9090). */
  public static final int GRPC_PORT = 9090;
  private final EventLoopGroup group;
  private final Channel server;
  private final DemoState state = new DemoState();

  private final boolean tls;
  /** The gRPC services (plaintext, with reflection), on a port of their own, or null. */
  private final io.grpc.Server grpc;

  private DemoTarget(String host, int port, int threads, SslContext ssl, int grpcPort, SslContext grpcSsl)
      throws InterruptedException {
    this.tls = ssl != null;
    group = dev.loadlab.runner.engine.Transport.group(threads);
    grpc = grpcPort < 0 ? null : startGrpc(host, grpcPort, grpcSsl);
    server = new ServerBootstrap()
        .group(group)
        .channel(dev.loadlab.runner.engine.Transport.serverSocketChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl == null) {
              // HTTP/1.1, and HTTP/2 for a client that opens with its preface (h2c, prior knowledge) or asks to upgrade
              var codec = new HttpServerCodec();
              ch.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(codec,
                  new HttpServerUpgradeHandler(codec, protocol -> AsciiString.contentEquals(
                      Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                      ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), http2Streams()) : null),
                  http2()));
              // no HTTP/2 preface nor upgrade: HTTP/1.1, set up when its first request arrives (the handlers must not
              // sit in an HTTP/2 connection's pipeline)
              ch.pipeline().addLast(new SimpleChannelInboundHandler<HttpMessage>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, HttpMessage first) {
                  http1(ctx.pipeline(), false); // after this handler, which hands them the request and goes
                  ctx.fireChannelRead(ReferenceCountUtil.retain(first));
                  ctx.pipeline().remove(this);
                }
              });
              return;
            }
            // TLS: h2 when the client offers it with ALPN (and the context advertises it), else HTTP/1.1
            ch.pipeline().addLast(ssl.newHandler(ch.alloc())).addLast(
                new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                  @Override
                  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                      ctx.pipeline().addLast(http2());
                    } else {
                      http1(ctx.pipeline(), true);
                    }
                  }
                });
          }
        })
        .bind(host, port).sync().channel();
  }

  private void http1(ChannelPipeline p, boolean withCodec) {
    if (withCodec) {
      p.addLast(new HttpServerCodec());
    }
    // gzip when the client accepts it, as most servers do, so clients' decoding is exercised
    p.addLast(new HttpContentCompressor())
        .addLast(new HttpObjectAggregator(1 << 20))
        .addLast(new WebSocketServerProtocolHandler(DemoState.TICKER_PATH, null, true))
        .addLast(new TickerHandler(state))
        .addLast(new DemoHttpHandler(state));
  }

  /** HTTP/2 with Netty's codec: each stream gets the HTTP/1 objects the demo's handler answers. */
  private ChannelHandler http2() {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build()).addLast(http2Streams());
      }
    };
  }

  private Http2MultiplexHandler http2Streams() {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true))
            .addLast(new HttpContentCompressor())
            .addLast(new HttpObjectAggregator(1 << 20))
            .addLast(new DemoHttpHandler(state));
      }
    });
  }

  /** grpc-java on the demo's own event loops: Inventory, Chat and the reflection service (v1 and v1alpha). */
  private io.grpc.Server startGrpc(String host, int port, SslContext ssl) {
    var b = io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .bossEventLoopGroup(group).workerEventLoopGroup(group)
        .channelType(dev.loadlab.runner.engine.Transport.serverSocketChannel())
        .directExecutor()
        .addService(io.grpc.protobuf.services.ProtoReflectionServiceV1.newInstance())
        .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
    DemoGrpc.services(state, group).forEach(b::addService);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    try {
      return b.build().start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("demo target: cannot serve gRPC on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Starts the demo target; port 0 picks a free port; gRPC on a free port too. */
  public static DemoTarget start(String host, int port, int threads) throws InterruptedException {
    return new DemoTarget(host, port, threads, null, 0, null);
  }

  /** Starts the demo target with gRPC on {@code grpcPort} (0: a free one; -1: no gRPC). */
  public static DemoTarget start(String host, int port, int threads, int grpcPort) throws InterruptedException {
    return new DemoTarget(host, port, threads, null, grpcPort, null);
  }

  /** Starts the demo target speaking HTTPS (and WSS) with the given server TLS context; no gRPC. */
  public static DemoTarget startTls(String host, int port, int threads, SslContext ssl) throws InterruptedException {
    return new DemoTarget(host, port, threads, ssl, -1, null);
  }

  /** HTTPS, and gRPC over TLS on a free port with {@code grpcSsl} (which must offer h2 by ALPN: GrpcSslContexts). */
  public static DemoTarget startTls(String host, int port, int threads, SslContext ssl, SslContext grpcSsl)
      throws InterruptedException {
    return new DemoTarget(host, port, threads, ssl, 0, grpcSsl);
  }

  /** The schema of the demo's gRPC services, as protoc --descriptor_set_out --include_imports writes it. */
  public static com.google.protobuf.DescriptorProtos.FileDescriptorSet grpcSchema() {
    return com.google.protobuf.DescriptorProtos.FileDescriptorSet.newBuilder().addFile(DemoGrpc.FILE.toProto()).build();
  }

  /** The gRPC port, or -1 when it serves none. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.getPort();
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
    if (grpc != null) {
      grpc.shutdownNow();
    }
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
