package dev.loadlab.runner.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket stock ticker at /ticker: {"subscribe":"IBM"} gets a price tick 20 ms later and then every
 * 100 ms, at most 100 ticks per subscription. One instance per connection.
 */
final class TickerHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_TICKS = 100;
  private final DemoState state;
  private ScheduledFuture<?> ticks;

  TickerHandler(DemoState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
    JsonNode msg = JSON.readTree(frame.text());
    String symbol = msg.path("subscribe").asText(null);
    if (symbol == null) {
      ctx.writeAndFlush(new TextWebSocketFrame("{\"error\":\"send {\\\"subscribe\\\":\\\"SYMBOL\\\"}\"}"));
      return;
    }
    long n = state.count(DemoState.TICKER_PATH);
    long firstDelay = 20 + state.stallRemainingMillis();
    if (ticks != null) {
      ticks.cancel(false);
    }
    var sent = new int[1];
    ticks = ctx.executor().scheduleAtFixedRate(() -> {
      if (sent[0]++ >= MAX_TICKS || !ctx.channel().isActive()) {
        ticks.cancel(false);
        return;
      }
      double price = 140.0 + ((n + sent[0]) % 20) / 4.0;
      ctx.writeAndFlush(new TextWebSocketFrame(JSON.createObjectNode().put("symbol", symbol).put("price", price)
          .put("seq", sent[0]).toString()));
    }, firstDelay, 100, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ticks != null) {
      ticks.cancel(false);
    }
    super.channelInactive(ctx);
  }
}
