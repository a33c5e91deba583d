package dev.loadlab.runner.grpc;

import dev.loadlab.runner.engine.Transport;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/**
 * Opens grpc-java channels the runner's way: on the runner's own event loops and transport, to the address
 * {@code --connect-to} gives a host:port (keeping the host as the authority), plaintext (HTTP/2 with prior knowledge)
 * for grpc:// and TLS with ALPN for grpcs://, with no retries (a retried call would hide a failure and count twice).
 */
public final class GrpcChannels {
  private final Map<String, InetSocketAddress> connectTo;
  private final boolean insecure;
  private volatile SslContext ssl;

  public GrpcChannels(Map<String, InetSocketAddress> connectTo, boolean insecureSkipTlsVerify) {
    this.connectTo = connectTo;
    this.insecure = insecureSkipTlsVerify;
  }

  /**
   * A channel to {@code target} (grpc[s]://host:port) whose I/O runs on {@code group} and whose callbacks run on
   * {@code executor}.
   */
  public ManagedChannel open(String target, EventLoopGroup group, Executor executor) {
    URI u = URI.create(target);
    String authority = u.getHost() + ":" + u.getPort();
    InetSocketAddress alias = connectTo.get(authority);
    NettyChannelBuilder b = alias != null
        ? NettyChannelBuilder.forAddress(alias).overrideAuthority(authority)
        : NettyChannelBuilder.forAddress(u.getHost(), u.getPort());
    b.eventLoopGroup(group).channelType(Transport.socketChannel()).executor(executor)
        .disableRetry().maxInboundMessageSize(64 << 20).userAgent("loadlab");
    if ("grpcs".equals(u.getScheme())) {
      b.sslContext(ssl());
    } else {
      b.usePlaintext();
    }
    return b.build();
  }

  private SslContext ssl() {
    if (ssl == null) {
      try {
        var b = GrpcSslContexts.forClient();
        if (insecure) {
          b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        ssl = b.build();
      } catch (SSLException e) {
        throw new IllegalStateException("cannot set up TLS for gRPC: " + e.getMessage(), e);
      }
    }
    return ssl;
  }
}
