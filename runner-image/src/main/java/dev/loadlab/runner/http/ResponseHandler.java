package dev.loadlab.runner.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;

/** Hands complete responses, closes and errors of one connection to its VU's client. */
final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
  private final HttpClient client;
  private final HttpClient.Connection connection;

  ResponseHandler(HttpClient client, HttpClient.Connection connection) {
    this.client = client;
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    client.onResponse(connection, response);
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
