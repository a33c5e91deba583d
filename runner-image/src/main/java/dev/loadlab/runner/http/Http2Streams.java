package dev.loadlab.runner.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;

/**
 * HTTP/2 on a VU's connection, with Netty's codec: the connection's pipeline (frame codec, stream multiplexer, a watch
 * for the connection's own end) and a stream per request whose pipeline turns its frames into the HTTP objects
 * {@link ResponseHandler} reads, so HTTP/1.1 and HTTP/2 share every timing, check and metric. Server push is refused.
 */
final class Http2Streams {
  private Http2Streams() {
  }

  /** Makes the connection speak HTTP/2 (after ALPN chose h2, or from the start for h2c with prior knowledge). */
  static void configure(ChannelPipeline p, HttpClient client, Connection c) {
    p.addLast(Http2FrameCodecBuilder.forClient().initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build())
        .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
        .addLast(new ConnectionWatch(client, c));
    c.streams = new Http2StreamChannelBootstrap(p.channel());
  }

  /** Opens the stream of one request (exchange {@code id} of the VU). */
  static Future<Http2StreamChannel> open(HttpClient client, Connection c, long id) {
    return c.streams.handler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false))
            .addLast(new HttpContentDecompressor())
            .addLast(new ResponseHandler(client, c, id));
      }
    }).open();
  }

  /** The connection itself ended or failed (its streams are told on their own). */
  private static final class ConnectionWatch extends ChannelInboundHandlerAdapter {
    private final HttpClient client;
    private final Connection connection;

    ConnectionWatch(HttpClient client, Connection connection) {
      this.client = client;
      this.connection = connection;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      client.onClosed(connection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      client.onError(connection, cause);
    }
  }
}
