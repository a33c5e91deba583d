package dev.loadlab.runner.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.validation.UserExpressions;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.ExpressionEvaluator;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ProtocolClient;
import dev.loadlab.runner.engine.VirtualUser;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.validation.BuiltInMetric;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.traces.Trace;
import dev.loadlab.runner.traces.TraceStore;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket session at a time for one VU: connect and handshake (ws_connecting), send the messages,
 * read messages until the {@code until} condition holds, then close. Recorded as ws_* metrics, never as HTTP requests
 * (the handshake's and frames' bytes do count in data_sent and data_received). The time from the last send to the
 * matching message is {@code elapsedMs} in its expressions (e.g. subscribe to first tick). Loop-confined.
 */
public final class WebSocketClient implements ProtocolClient<CompiledStep.WebSocketCall> {
  /** How a session ended: {@code ok} (its until condition held, or its first message came), or why not. */
  public static final String OUTCOME_LABEL = "ws_outcome";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final VirtualUser vu;
  private final LoopContext ctx;
  private CompiledStep.WebSocketCall call;
  private Channel channel;
  private ScheduledFuture<?> timeout;
  private long exchange;
  private boolean active;
  private long connectStart;
  private long connected;
  private long sent;
  private long received;
  private Map<String, Object> lastMessage;
  /** Bytes on the wire of the exchange in flight (handshake and frames). */
  private long bytesIn;
  private long bytesOut;
  /** The trace being taken of the exchange (sampled as HTTP's: about one per resource, status and minute), or null. */
  private Trace trace;
  private String url;
  private Map<String, String> requestHeaders = Map.of();
  /** The labels of ws_sessions and ws_session_duration: the step's tags plus ws_outcome, made once per step and outcome. */
  private final Map<CompiledStep.WebSocketCall, Map<String, Map<String, String>>> outcomeTags = new HashMap<>();

  public WebSocketClient(VirtualUser vu) {
    this.vu = vu;
    this.ctx = vu.context();
  }

  @Override
  public void execute(CompiledStep.WebSocketCall step) {
    call = step;
    long id = ++exchange;
    active = true;
    received = 0;
    sent = 0;
    bytesIn = 0;
    bytesOut = 0;
    lastMessage = null;
    trace = null;
    connected = 0;
    connectStart = System.nanoTime();
    URI uri;
    try {
      uri = URI.create(step.url().render(vu));
    } catch (IllegalArgumentException e) {
      finish(id, false, "invalid_url");
      return;
    }
    boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    var headers = new DefaultHttpHeaders();
    step.headers().forEach(h -> headers.set(h.name(), h.value().render(vu)));
    url = uri.toString();
    requestHeaders = TraceStore.headers(headers);
    var handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, true, headers);
    timeout = ctx.loop().schedule(() -> finish(id, false, "timeout"), step.timeoutNanos(), TimeUnit.NANOSECONDS);
    ChannelFuture f = ctx.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (tls) {
          ch.pipeline().addLast(ctx.ssl().newHandler(ch.alloc(), uri.getHost(), port));
        }
        ch.pipeline().addLast(new io.netty.channel.ChannelDuplexHandler() {
          @Override
          public void channelRead(ChannelHandlerContext c, Object msg) {
            if (msg instanceof io.netty.buffer.ByteBuf b && id == exchange) {
              bytesIn += b.readableBytes();
            }
            c.fireChannelRead(msg);
          }

          @Override
          public void write(ChannelHandlerContext c, Object msg, io.netty.channel.ChannelPromise promise) {
            if (msg instanceof io.netty.buffer.ByteBuf b && id == exchange) {
              bytesOut += b.readableBytes();
            }
            c.write(msg, promise);
          }
        });
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
            new WebSocketClientProtocolHandler(handshaker), new FrameHandler(id));
      }
    }).connect(ctx.address(uri.getHost(), port));
    channel = f.channel();
    f.addListener(done -> {
      if (!done.isSuccess()) {
        finish(id, false, "refused");
      }
    });
  }

  private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final long id;

    FrameHandler(long id) {
      this.id = id;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && id == exchange) {
        connected = System.nanoTime();
        startTrace(101);
        for (var message : call.send()) {
          String text = message.render(vu);
          c.writeAndFlush(new TextWebSocketFrame(text));
          sent++;
          tracePacket("sent", text);
        }
        if (call.send().isEmpty()) {
          sent = 0;
        }
        sendDone = System.nanoTime();
      }
      super.userEventTriggered(c, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, WebSocketFrame frame) {
      if (id != exchange || !active || !(frame instanceof TextWebSocketFrame text)) {
        return;
      }
      received++;
      lastMessage = message(text.text());
      tracePacket("received", text.text());
      boolean matched = call.until() == null || Boolean.TRUE.equals(evalUntil());
      if (matched) {
        finish(id, true, null);
      } else if (received >= call.maxMessages()) {
        finish(id, false, "max_messages");
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      finish(id, false, "closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
      finish(id, false, "other");
      c.close();
    }
  }

  private long sendDone;

  /** Whether this exchange is traced: the same sampling as HTTP requests, with the handshake as its first packet. */
  private void startTrace(int status) {
    if (trace != null || !ctx.traces().enabled()) {
      return;
    }
    long now = System.currentTimeMillis();
    var key = new ResourceKey(vu.scenario().name(), call.resource(), call.tags());
    if (ctx.metrics().firstOfMinute(key, status, now / 60_000)
        && ctx.traces().wants(vu.scenario().name(), call.resource(), status, now, false)) {
      trace = new Trace(now, vu.scenario().name(), call.resource(), vu.id(), vu.iteration());
      trace.add("handshake", now, requestHeaders, "", ctx.traces().maxBodyBytes());
    }
  }

  /** Frames of one direction are merged into one packet, one frame per line. */
  private void tracePacket(String type, String text) {
    if (trace != null) {
      trace.add(type, System.currentTimeMillis(), Map.of(), text + "\n", ctx.traces().maxBodyBytes());
    }
  }

  private void keepTrace(boolean success, String error, long elapsedNanos) {
    if (!success) {
      startTrace(0);
    }
    if (trace != null) {
      trace.method = "GET";
      trace.url = url;
      trace.status = success ? 101 : 0;
      trace.durationMs = elapsedNanos / 1e6;
      trace.error = error;
      ctx.traces().keep(trace);
      trace = null;
    }
  }

  private Object evalUntil() {
    try {
      var activation = new HashMap<String, Object>();
      activation.put("message", lastMessage);
      activation.put("received", received);
      activation.put("vars", vu.vars());
      activation.put("env", vu.plan().env());
      activation.put("vu", (long) vu.id());
      activation.put("iteration", vu.iteration());
      activation.put("scenario", vu.scenario().name());
      activation.put("elapsedMs", (System.nanoTime() - sendDone) / 1e6);
      return call.until().eval(activation);
    } catch (Exception e) {
      ctx.metrics().expressionError("websocket until");
      return null;
    }
  }

  private static Map<String, Object> message(String text) {
    var m = new HashMap<String, Object>();
    m.put("text", text);
    try {
      Object json = UserExpressions.fromJson(JSON.readTree(text));
      if (json != null) {
        m.put("json", json);
      }
    } catch (IOException e) {
      // not JSON: message.json stays absent
    }
    return m;
  }

  private void finish(long id, boolean success, String error) {
    if (id != exchange || !active) {
      return;
    }
    active = false;
    if (timeout != null) {
      timeout.cancel(false);
    }
    long now = System.nanoTime();
    long start = sendDone > connected && connected > 0 ? sendDone : connectStart;
    long elapsed = now - start;
    if (error != null) {
      ctx.metrics().connectionError("ws_" + error);
    }
    record(success ? "ok" : error, now);
    keepTrace(success, error, now - connectStart);
    if (channel != null) {
      channel.close();
    }
    var extra = new HashMap<String, Object>();
    extra.put("received", received);
    ExpressionEvaluator.evaluate(call.expressions(), vu, call.resource(), "message",
        lastMessage == null ? Map.of("text", "") : lastMessage, elapsed / 1e6, extra);
    vu.next();
  }

  /**
   * The session's figures, per resource and tags: ws_sessions and ws_session_duration (connect to close) with the label
   * ws_outcome, ws_connecting for a session that completed its handshake, the messages, and the bytes (data_sent and
   * data_received, not a request).
   */
  private void record(String outcome, long now) {
    LoopMetrics m = ctx.metrics();
    var tags = outcomeTags.computeIfAbsent(call, k -> new HashMap<>()).computeIfAbsent(outcome, o -> {
      var t = new TreeMap<>(call.tags());
      t.put(OUTCOME_LABEL, o);
      return Map.copyOf(t);
    });
    m.custom(key(BuiltInMetric.WS_SESSIONS, tags), MetricType.COUNTER, "sessions", 1);
    m.custom(key(BuiltInMetric.WS_SESSION_DURATION, tags), MetricType.TIMING, "ms", (now - connectStart) / 1e6);
    if (connected > 0) {
      m.custom(key(BuiltInMetric.WS_CONNECTING, call.tags()), MetricType.TIMING, "ms", (connected - connectStart) / 1e6);
    }
    m.custom(key(BuiltInMetric.WS_MSGS_SENT, call.tags()), MetricType.COUNTER, "messages", sent);
    m.custom(key(BuiltInMetric.WS_MSGS_RECEIVED, call.tags()), MetricType.COUNTER, "messages", received);
    m.data(new ResourceKey(vu.scenario().name(), call.resource(), call.tags()), bytesOut, bytesIn);
  }

  private Stats.CustomKey key(BuiltInMetric metric, Map<String, String> tags) {
    return new Stats.CustomKey(metric.metricName(), call.resource(), tags);
  }

  @Override
  public void close() {
    exchange++;
    active = false;
    trace = null;
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (channel != null) {
      channel.close();
    }
  }
}
