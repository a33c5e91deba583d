package dev.loadlab.runner.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo target's HTTP endpoints. Answers depend only on the request's sequence number, so a run's
 * figures can be checked: e.g. exactly one checkout in ten fails, four cache lookups in five hit.
 * On every endpoint: {@code ?latencyMs=N} delays the answer, {@code ?errorRate=R} answers 500 to a
 * deterministic share R of requests, {@code ?status=N} forces a status.
 */
@ChannelHandler.Sharable
final class DemoHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PRODUCTS = {"Kettle", "Teapot", "Mug", "Grinder", "Scale", "Filter", "Carafe",
      "Tray", "Spoon", "Tin"};
  private final DemoState state;

  DemoHttpHandler(DemoState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    var query = new QueryStringDecoder(request.uri());
    String path = query.path();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (path.equals("/stats")) {
      if (request.method().equals(HttpMethod.POST)) {
        state.reset();
      }
      ObjectNode stats = JSON.createObjectNode().put("requests", state.requests());
      state.requestsByPath().forEach(stats.putObject("paths")::put);
      state.tallies().forEach(stats.putObject("tallies")::put);
      send(ctx, HttpResponseStatus.OK, stats, keepAlive, 0);
      return;
    }
    if (path.equals("/redirect")) {
      state.count(path);
      var redirect = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
      redirect.headers().set(HttpHeaderNames.LOCATION, param(query, "to", "/"))
          .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(redirect);
      return;
    }
    if (path.equals("/admin/stall")) {
      state.stallFor(Long.parseLong(param(query, "ms", "1000")));
      send(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("stalledMs", param(query, "ms", "1000")), keepAlive, 0);
      return;
    }
    long n = state.count(routeOf(path));
    if (ctx.channel() instanceof io.netty.handler.codec.http2.Http2StreamChannel) {
      state.tally("http2_requests", 1);
    }
    long delay = Long.parseLong(param(query, "latencyMs", "0")) + state.stallRemainingMillis();
    double errorRate = Double.parseDouble(param(query, "errorRate", "0"));
    if (errorRate > 0 && Math.floor(n * errorRate) != Math.floor((n - 1) * errorRate)) {
      state.tally("errors_injected", 1);
      send(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, JSON.createObjectNode().put("error", "injected"), keepAlive, delay);
      return;
    }
    if (path.equals("/v1/chat/completions") && request.method().equals(HttpMethod.POST)) {
      JsonNode in;
      try {
        in = readJson(request);
      } catch (IOException e) {
        send(ctx, HttpResponseStatus.BAD_REQUEST, JSON.createObjectNode().put("error", String.valueOf(e.getMessage())),
            keepAlive, delay);
        return;
      }
      if (in.path("stream").asBoolean(false)) {
        DemoChatStream.send(ctx, in, n, delay + Long.parseLong(param(query, "ttftMs", "50")),
            Long.parseLong(param(query, "tokenMs", "10")), keepAlive, state);
        return;
      }
    }
    HttpResponseStatus status = query.parameters().containsKey("status")
        ? HttpResponseStatus.valueOf(Integer.parseInt(param(query, "status", "200"))) : HttpResponseStatus.OK;
    JsonNode body;
    try {
      body = answer(request, path, n);
    } catch (IOException | RuntimeException e) {
      send(ctx, HttpResponseStatus.BAD_REQUEST, JSON.createObjectNode().put("error", String.valueOf(e.getMessage())),
          keepAlive, delay);
      return;
    }
    if (body == null) {
      send(ctx, HttpResponseStatus.NOT_FOUND, JSON.createObjectNode().put("error", "no such endpoint: " + path),
          keepAlive, delay);
      return;
    }
    send(ctx, status, body, keepAlive, delay);
  }

  private static String routeOf(String path) {
    return path.matches("/products/[^/]+") ? "/products/{id}" : path;
  }

  private JsonNode answer(FullHttpRequest request, String path, long n) throws IOException {
    boolean post = request.method().equals(HttpMethod.POST);
    if (path.equals("/") || path.equals("/healthz")) {
      return JSON.createObjectNode().put("service", "loadlab demo target").put("status", "ok");
    }
    if (path.equals("/products") && !post) {
      ArrayNode list = JSON.createArrayNode();
      for (int i = 0; i < PRODUCTS.length; i++) {
        list.add(product(i + 1));
      }
      return JSON.createObjectNode().set("products", list);
    }
    if (path.startsWith("/products/") && !post) {
      return product(Integer.parseInt(path.substring("/products/".length())));
    }
    if (path.equals("/cart") && post) {
      JsonNode in = readJson(request);
      return JSON.createObjectNode().put("cartId", "cart-" + n).put("items", in.path("quantity").asInt(1));
    }
    if (path.equals("/checkout") && post) {
      // One checkout in ten fails (the 10th, 20th, ...), as a payment decline, with status 200.
      boolean success = n % 10 != 0;
      if (success) {
        state.tally("checkouts_succeeded", 1);
        state.tally("order_cents", 5997);
      }
      return JSON.createObjectNode().put("success", success).put("orderId", success ? "order-" + n : null)
          .put("total_amount", success ? 59.97 : 0.0);
    }
    if (path.equals("/v1/chat/completions") && post) {
      ObjectNode answer = chat(readJson(request), n);
      state.tally("prompt_tokens", answer.path("usage").path("prompt_tokens").asLong());
      state.tally("completion_tokens", answer.path("usage").path("completion_tokens").asLong());
      return answer;
    }
    if (path.equals("/api/orders") && !post) {
      if (n % 5 != 0) {
        state.tally("cache_hits", 1);
      }
      ObjectNode o = JSON.createObjectNode();
      o.putArray("orders").add(JSON.createObjectNode().put("id", n).put("status", "shipped"));
      return o.put("external_service_time_ms", 20 + (n % 10) * 5)
          .put("cache_hit", n % 5 != 0)
          .put("queue_depth", n % 50)
          .put("db_query_time_ms", 5 + n % 7);
    }
    return null;
  }

  private static ObjectNode product(int id) {
    return JSON.createObjectNode().put("id", id).put("name", PRODUCTS[Math.floorMod(id - 1, PRODUCTS.length)])
        .put("price", 9.99 + (id % 10) * 5);
  }

  /** Prompt tokens of a chat request: 4 per 3 words of its messages. */
  static long promptTokens(JsonNode in) {
    long words = 0;
    for (JsonNode m : in.path("messages")) {
      String content = m.path("content").asText("").trim();
      words += content.isEmpty() ? 0 : content.split("\\s+").length;
    }
    return (words * 4 + 2) / 3;
  }

  /** OpenAI's chat completion format; tokens: 4 per 3 words of the prompt, completion 100..140. */
  private static ObjectNode chat(JsonNode in, long n) {
    long prompt = promptTokens(in);
    long completion = 100 + (n % 5) * 10;
    ObjectNode out = JSON.createObjectNode().put("id", "chatcmpl-" + n).put("object", "chat.completion")
        .put("model", in.path("model").asText("demo"));
    out.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant").put("content", "Load testing measures how a system behaves under load.");
    out.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    return out;
  }

  private static JsonNode readJson(FullHttpRequest request) throws IOException {
    String text = request.content().toString(StandardCharsets.UTF_8);
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
  }

  private static String param(QueryStringDecoder q, String name, String fallback) {
    List<String> v = q.parameters().get(name);
    return v == null || v.isEmpty() ? fallback : v.get(0);
  }

  private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, JsonNode body, boolean keepAlive,
      long delayMillis) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Runnable write = () -> {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      if (keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    };
    if (delayMillis > 0) {
      ctx.executor().schedule(write, delayMillis, TimeUnit.MILLISECONDS);
    } else {
      write.run();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
