package dev.loadlab.runner.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A streamed chat completion ({@code POST /v1/chat/completions} with {@code "stream": true}) in OpenAI's format: server-
 * sent events, one chunk per token ({@code choices[0].delta.content}), then a chunk with {@code finish_reason}, one with
 * {@code usage} (as with {@code stream_options.include_usage}) and {@code data: [DONE]}. Deterministic: the first token
 * {@code ttftMs} after the request (default 50), the next ones {@code tokenMs} apart (default 10), {@code max_tokens}
 * tokens (default 20). The demo's /stats tallies streams, events and tokens, so a test can compare with what it counted;
 * the first chunk says how long after reading the request the server actually sent it ({@code x_demo.sent_after_ms}),
 * so a test can tell the client's own share of a time to first token on a busy machine.
 */
final class DemoChatStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoChatStream() {
  }

  static void send(ChannelHandlerContext ctx, JsonNode in, long n, long ttftMs, long tokenMs, boolean keepAlive,
      DemoState state) {
    long prompt = DemoHttpHandler.promptTokens(in);
    int tokens = Math.max(1, Math.min(1000, in.path("max_tokens").asInt(20)));
    state.tally("streams", 1);
    state.tally("stream_events", tokens + 3L);
    state.tally("prompt_tokens", prompt);
    state.tally("completion_tokens", tokens);
    var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(head);
    String id = "chatcmpl-" + n;
    long received = System.nanoTime();
    for (int i = 0; i < tokens; i++) {
      int index = i;
      ctx.executor().schedule(() -> {
        ObjectNode delta = JSON.createObjectNode();
        if (index == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", "token" + index + " ");
        ObjectNode chunk = chunk(id);
        if (index == 0) {
          chunk.putObject("x_demo").put("sent_after_ms", (System.nanoTime() - received) / 1e6);
        }
        chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason").set("delta", delta);
        if (index < tokens - 1) {
          write(ctx, event(chunk), false, keepAlive);
          return;
        }
        ObjectNode finish = chunk(id);
        finish.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        ObjectNode usage = chunk(id);
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", tokens)
            .put("total_tokens", prompt + tokens);
        write(ctx, event(chunk) + event(finish) + event(usage) + "data: [DONE]\n\n", true, keepAlive);
      }, ttftMs + i * tokenMs, TimeUnit.MILLISECONDS);
    }
  }

  private static ObjectNode chunk(String id) {
    return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", "demo");
  }

  private static String event(ObjectNode data) {
    return "data: " + data + "\n\n";
  }

  private static void write(ChannelHandlerContext ctx, String text, boolean last, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      return; // the client ended the stream early and closed the connection
    }
    var bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    if (!last) {
      ctx.writeAndFlush(new DefaultHttpContent(bytes));
      return;
    }
    var done = ctx.writeAndFlush(new DefaultLastHttpContent(bytes));
    if (!keepAlive) {
      done.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
