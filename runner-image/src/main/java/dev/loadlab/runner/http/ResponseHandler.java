package dev.loadlab.runner.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads the response of one HTTP/2 stream, as Netty's codec turns its frames into HTTP objects, into the VU's client
 * through a {@link ResponseReader} (HTTP/1.1 connections have {@link Http1ResponseDecoder} instead).
 */
final class ResponseHandler extends ChannelInboundHandlerAdapter {
  private final HttpClient client;
  private final Connection connection;
  /** The VU's exchange the stream carries. */
  private final long exchange;
  private ResponseReader reader;

  ResponseHandler(HttpClient client, Connection connection, long exchange) {
    this.client = client;
    this.connection = connection;
    this.exchange = exchange;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (reader == null) {
        reader = new ResponseReader(client, connection, ctx.channel());
      }
      if (msg instanceof HttpResponse response) {
        reader.head(ResponseHead.of(response));
      }
      if (msg instanceof HttpContent content && reader.reading()) {
        if (!reader.content(content.content())) {
          return; // the stream is reset; what still arrives of it is ignored
        }
        if (msg instanceof LastHttpContent) {
          reader.end();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    client.onStreamClosed(connection, exchange);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    client.onStreamError(connection, exchange, cause);
    ctx.channel().close();
  }
}
