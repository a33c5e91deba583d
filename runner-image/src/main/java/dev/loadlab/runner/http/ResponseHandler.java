package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;

/**
 * Reads the responses of one connection: notes when the head arrives (time to first byte), keeps the body
 * only when an expression of the step will read it, feeds a streamed body to the client piece by piece, and hands
 * the complete response to the VU's client.
 * Replaces an aggregator, which would copy every body whether anyone reads it or not.
 */
final class ResponseHandler extends ChannelInboundHandlerAdapter {
  private final HttpClient client;
  private final Connection connection;
  /** On an HTTP/2 stream: the VU's exchange it carries; -1 on an HTTP/1.1 connection. */
  private final long stream;
  private HttpResponse head;
  private ByteArrayOutputStream body;
  private long size;

  ResponseHandler(HttpClient client, Connection connection) {
    this(client, connection, -1);
  }

  /** On the HTTP/2 stream of exchange {@code stream}. */
  ResponseHandler(HttpClient client, Connection connection, long stream) {
    this.client = client;
    this.connection = connection;
    this.stream = stream;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        head = response;
        size = 0;
        body = client.onHead(response) ? new ByteArrayOutputStream(256) : null;
      }
      if (msg instanceof HttpContent content && head != null) {
        ByteBuf buf = content.content();
        size += buf.readableBytes();
        if (body != null && size <= HttpClient.MAX_RESPONSE_BYTES) {
          buf.getBytes(buf.readerIndex(), body, buf.readableBytes());
        }
        if (client.streaming() && !client.onStreamData(buf)) {
          HttpResponse done = head;
          head = null; // what still arrives of this body is ignored: the connection is being closed
          client.onStreamStopped(connection, stream >= 0 ? ctx.channel() : null, done, body == null ? null : body.toByteArray());
          return;
        }
        if (msg instanceof LastHttpContent) {
          HttpResponse done = head;
          head = null;
          client.onResponse(connection, done, body == null ? null : body.toByteArray());
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (stream >= 0) {
      client.onStreamClosed(connection, stream);
    } else {
      client.onClosed(connection);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (stream >= 0) {
      client.onStreamError(connection, stream, cause);
      ctx.channel().close();
    } else {
      client.onError(connection, cause);
    }
  }
}
