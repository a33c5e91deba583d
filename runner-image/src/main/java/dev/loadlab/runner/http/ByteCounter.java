package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes on the wire (after TLS, before HTTP decoding) of one connection. */
final class ByteCounter extends ChannelDuplexHandler {
  private final Connection connection;

  ByteCounter(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      connection.bytesIn += b.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      connection.bytesOut += b.readableBytes();
    }
    ctx.write(msg, promise);
  }
}
