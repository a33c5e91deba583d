package dev.loadlab.runner.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;

/** Notes when the response head arrives (time to first byte), before the body is aggregated. */
final class FirstByteMarker extends ChannelInboundHandlerAdapter {
  private final HttpClient client;

  FirstByteMarker(HttpClient client) {
    this.client = client;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse && client.firstByte == 0) {
      client.firstByte = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }
}
