package dev.loadlab.runner.http;

import dev.loadlab.runner.engine.LoopContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * A VU's keep-alive connections, one per origin (HTTP/2 steps apart: an HTTP/1.1 step to the same origin does not share
 * theirs), and how one is set up: TCP, TLS, the protocol ALPN agrees on (h2 when asked for and agreed, else HTTP/1.1;
 * h2c with prior knowledge). Each phase's end is noted on the exchange that waits for it, which is told when the
 * connection is ready or why it failed. Loop-confined.
 */
final class Connections {
  private final LoopContext ctx;
  private final HttpClient client;
  private final Exchange exchange;
  private final Map<String, Connection> open = new HashMap<>(4);

  Connections(LoopContext ctx, HttpClient client, Exchange exchange) {
    this.ctx = ctx;
    this.client = client;
    this.exchange = exchange;
  }

  /** The pool of a request to {@code d}: its origin, HTTP/2 connections apart. */
  static String pool(Destination d, boolean http2) {
    return http2 ? d.h2Pool() : d.origin();
  }

  /** An open connection of the pool, or null. */
  Connection reusable(String pool) {
    Connection c = open.get(pool);
    return c != null && c.channel.isActive() ? c : null;
  }

  /** Opens a connection for exchange {@code id}; {@link HttpClient#send} follows once it is ready. */
  void connect(long id, String pool, Destination d, boolean http2) {
    Connection c = new Connection(pool);
    open.put(pool, c);
    exchange.connectStart = System.nanoTime();
    boolean tls = d.tls();
    ChannelFuture f = ctx.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls) {
          p.addLast((http2 ? ctx.sslHttp2() : ctx.ssl()).newHandler(ch.alloc(), d.host(), d.port()));
        }
        if (!http2) {
          http1(p, c); // counts its bytes itself
        } else {
          p.addLast(new ByteCounter(c));
          if (!tls) {
            Http2Streams.configure(p, client, c); // h2c with prior knowledge
          }
        }
        // h2 over TLS: the protocol ALPN agrees on sets the rest up once the handshake is done
      }
    }).connect(ctx.address(d.host(), d.port()));
    c.channel = f.channel();
    f.addListener(done -> {
      if (id != exchange.id) {
        return;
      }
      if (!done.isSuccess()) {
        client.fail(id, ErrorKind.of(done.cause()));
        return;
      }
      exchange.connectEnd = System.nanoTime();
      if (tls) {
        c.channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(hs -> secured(id, c, http2, hs.isSuccess()));
      } else if (c.streams != null) {
        exchange.tlsEnd = exchange.connectEnd;
        // h2c: the connect promise completes before channelActive reaches the HTTP/2 codec, which then writes the
        // connection preface; the request's stream follows it, in the loop's next task
        c.channel.eventLoop().execute(() -> ready(id, c));
      } else {
        exchange.tlsEnd = exchange.connectEnd;
        ready(id, c);
      }
    });
  }

  private void secured(long id, Connection c, boolean http2, boolean handshaken) {
    if (id != exchange.id) {
      return;
    }
    if (!handshaken) {
      client.fail(id, "tls");
      return;
    }
    exchange.tlsEnd = System.nanoTime();
    if (http2) {
      if (ApplicationProtocolNames.HTTP_2.equals(c.channel.pipeline().get(SslHandler.class).applicationProtocol())) {
        Http2Streams.configure(c.channel.pipeline(), client, c);
      } else {
        c.channel.pipeline().remove(ByteCounter.class); // HTTP/1.1 counts its bytes itself
        http1(c.channel.pipeline(), c); // the server does not speak h2: HTTP/1.1, as browsers do
      }
    }
    ready(id, c);
  }

  private void ready(long id, Connection c) {
    if (id == exchange.id) {
      client.send(id, c);
    }
  }

  private void http1(ChannelPipeline p, Connection c) {
    p.addLast(new Http1ResponseDecoder(client, c));
  }

  /** Takes the connection out of the pool (it is closing, or its exchange ended in an error). */
  void remove(Connection c) {
    open.remove(c.pool, c);
  }

  void closeAll() {
    open.values().forEach(c -> c.channel.close());
    open.clear();
  }
}
