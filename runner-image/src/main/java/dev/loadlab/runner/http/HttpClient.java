package dev.loadlab.runner.http;

import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.ExpressionEvaluator;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ProtocolClient;
import dev.loadlab.runner.engine.ResourceLimit;
import dev.loadlab.runner.engine.ResponseRules;
import dev.loadlab.runner.engine.VirtualUser;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.runner.traces.Trace;
import dev.loadlab.runner.traces.TraceStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * HTTP for one VU: a keep-alive connection per origin, one request at a time, every phase timed (connecting, TLS,
 * sending, waiting for the first byte, receiving), redirects followed and recorded hop by hop, gzip answers decoded.
 * HTTP/1.1, or HTTP/2 for steps that ask for it ({@link Http2Streams}: h2 when ALPN agrees, else HTTP/1.1; h2c with
 * prior knowledge), a stream per request on the VU's connection. Loop-confined (see the engine's package-info).
 */
public final class HttpClient implements ProtocolClient<CompiledStep.HttpCall> {
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final VirtualUser vu;
  private final LoopContext ctx;
  private final Map<String, Connection> connections = new HashMap<>(4);
  /** Each step's resource and its live figures on this loop, for steps that name their resource (or whose URL is constant). */
  private final Map<CompiledStep.HttpCall, ResourceKey> keys = new IdentityHashMap<>();
  private final Map<CompiledStep.HttpCall, ResourceStats> figures = new IdentityHashMap<>();
  private final Map<CompiledStep.HttpCall, Destination> destinations = new IdentityHashMap<>();

  private CompiledStep.HttpCall call;
  private ResourceKey key;
  /** The live figures of {@link #key}: recorded into without a lookup per request. */
  private ResourceStats figuresOfKey;
  private HttpMethod method;
  private String body;
  private int redirectsLeft;
  private long exchange;
  private boolean inFlight;
  private boolean closing;
  private Connection current;
  private Destination destination;
  /** One lazily re-armed timer per VU: requests set a deadline, the timer fires rarely (see armTimeout). */
  private ScheduledFuture<?> timer;
  private long deadline;
  private long requestStart;
  private long blocked;
  private long connectStart;
  private long connectEnd;
  private long tlsEnd;
  private long writeStart;
  private long writeEnd;
  long firstByte;
  private long bytesOutAtStart;
  private long bytesInAtStart;
  /** The trace being taken of the exchange in flight (kept across redirect hops), or null. */
  private Trace trace;
  private HttpHeaders requestHeaders;
  /** The events of a streamed response in flight (a step with stream). */
  private final ResponseStream stream;

  public HttpClient(VirtualUser vu) {
    this.vu = vu;
    this.ctx = vu.context();
    this.stream = new ResponseStream(vu);
  }

  /** A connection of this VU and the bytes that crossed it. */
  final class Connection {
    final String origin;
    Channel channel;
    /** Set when the connection speaks HTTP/2: opens a stream per request. */
    io.netty.handler.codec.http2.Http2StreamChannelBootstrap streams;
    long bytesIn;
    long bytesOut;

    Connection(String origin) {
      this.origin = origin;
    }
  }

  @Override
  public void execute(CompiledStep.HttpCall step) {
    call = step;
    method = step.method();
    redirectsLeft = step.maxRedirects();
    body = step.body() == null ? null : step.body().render(vu);
    Destination d = destinations.get(step);
    if (d == null) {
      String url = step.url().render(vu);
      d = Destination.parse(url);
      if (d != null && step.url().isConstant()) {
        destinations.put(step, d);
      }
      resolve(step, url);
    } else {
      resolve(step, null);
    }
    long now = System.nanoTime();
    requestStart = vu.takeRequestStart(now);
    blocked = now - requestStart;
    begin(d, now);
  }

  /** Sets {@link #key} and {@link #figuresOfKey} for this request of the step. */
  private void resolve(CompiledStep.HttpCall step, String url) {
    if (step.resource() != null) {
      ResourceKey k = keys.get(step); // not computeIfAbsent: its capturing lambda would allocate per request
      if (k == null) {
        k = new ResourceKey(vu.scenario().name(), step.resource(), step.tags());
        keys.put(step, k);
        figures.put(step, ctx.metrics().resource(k));
      }
      key = k;
      figuresOfKey = figures.get(step);
      return;
    }
    String label = method.name() + " " + (step.labelWithHost() ? hostOf(url) : "") + pathOf(url);
    key = new ResourceKey(vu.scenario().name(),
        ctx.resources().admit(label, step.path()) ? label : ResourceLimit.OVERFLOW, step.tags());
    figuresOfKey = ctx.metrics().resource(key);
  }

  private void begin(Destination d, long now) {
    long id = ++exchange;
    inFlight = true;
    destination = d;
    current = null; // set by send(); until then no bytes belong to this request
    if (d == null) {
      fail(id, "invalid_url");
      return;
    }
    armTimeout(requestStart + call.timeoutNanos(), now);
    // HTTP/2 steps have connections of their own: an HTTP/1.1 step to the same origin does not share them
    String pool = call.http2() ? d.origin() + " h2" : d.origin();
    Connection c = connections.get(pool);
    if (c != null && c.channel.isActive()) {
      connectStart = connectEnd = tlsEnd = now;
      send(id, c, d.target(), d.hostHeader());
    } else {
      connect(id, pool, d.host(), d.port(), d.tls(), d.target(), d.hostHeader());
    }
  }

  /**
   * Sets the deadline of the request in flight. A timer is scheduled only when none is pending; when it
   * fires before the deadline of the request then in flight, it re-arms for that deadline. Requests that
   * answer in time therefore cost no timer operation.
   */
  private void armTimeout(long newDeadline, long now) {
    deadline = newDeadline;
    if (timer == null) {
      timer = ctx.loop().schedule(this::onTimer, Math.max(0, newDeadline - now), TimeUnit.NANOSECONDS);
    }
  }

  private void onTimer() {
    timer = null;
    if (!inFlight) {
      return;
    }
    long now = System.nanoTime();
    if (now >= deadline) {
      onTimeout(exchange);
    } else {
      timer = ctx.loop().schedule(this::onTimer, deadline - now, TimeUnit.NANOSECONDS);
    }
  }

  private void connect(long id, String origin, String host, int port, boolean tls, String target, String hostHeader) {
    Connection c = new Connection(origin);
    connections.put(origin, c);
    connectStart = System.nanoTime();
    boolean http2 = call.http2();
    ChannelFuture f = ctx.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls) {
          p.addLast((http2 ? ctx.sslHttp2() : ctx.ssl()).newHandler(ch.alloc(), host, port));
        }
        p.addLast(new ByteCounter(c));
        if (!http2) {
          http1(p, c);
        } else if (!tls) {
          Http2Streams.configure(p, HttpClient.this, c); // h2c with prior knowledge
        }
        // h2 over TLS: the protocol ALPN agrees on sets the rest up once the handshake is done
      }
    }).connect(ctx.address(host, port));
    c.channel = f.channel();
    f.addListener(done -> {
      if (id != exchange) {
        return;
      }
      if (!done.isSuccess()) {
        fail(id, kind(done.cause()));
        return;
      }
      connectEnd = System.nanoTime();
      if (!tls) {
        tlsEnd = connectEnd;
        if (c.streams != null) {
          // h2c: the connect promise completes before channelActive reaches the HTTP/2 codec, which then writes
          // the connection preface; the request's stream follows it, in the loop's next task
          c.channel.eventLoop().execute(() -> {
            if (id == exchange) {
              send(id, c, target, hostHeader);
            }
          });
        } else {
          send(id, c, target, hostHeader);
        }
        return;
      }
      c.channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(hs -> {
        if (id != exchange) {
          return;
        }
        if (!hs.isSuccess()) {
          fail(id, "tls");
          return;
        }
        tlsEnd = System.nanoTime();
        if (http2) {
          String agreed = c.channel.pipeline().get(SslHandler.class).applicationProtocol();
          if (io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(agreed)) {
            Http2Streams.configure(c.channel.pipeline(), this, c);
          } else {
            http1(c.channel.pipeline(), c); // the server does not speak h2: HTTP/1.1, as browsers do
          }
        }
        send(id, c, target, hostHeader);
      });
    });
  }

  private void http1(ChannelPipeline p, Connection c) {
    p.addLast(new HttpClientCodec(4096, 8192, 8192, false, false))
        .addLast(new HttpContentDecompressor())
        .addLast(new ResponseHandler(this, c));
  }

  private void send(long id, Connection c, String target, String hostHeader) {
    current = c;
    ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    HttpHeaders h = RequestHeaders.of(call, vu, hostHeader, body == null ? -1 : content.readableBytes());
    if (c.streams != null) {
      h = new DefaultHttpHeaders().add(h); // the HTTP/2 codec adds its :scheme to the request's headers
    }
    var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, content, h, EmptyHttpHeaders.INSTANCE);
    requestHeaders = h;
    bytesOutAtStart = c.bytesOut;
    bytesInAtStart = c.bytesIn;
    firstByte = 0;
    writeStart = System.nanoTime();
    if (c.streams != null) {
      Http2Streams.open(this, c, id).addListener(opened -> {
        if (id != exchange) {
          request.release();
          return;
        }
        if (!opened.isSuccess()) {
          request.release();
          fail(id, kind(opened.cause()));
          return;
        }
        var h2 = (Channel) opened.getNow();
        h2.writeAndFlush(request, h2.voidPromise());
        writeEnd = System.nanoTime();
      });
      return;
    }
    // On the loop, flush writes to the socket before returning; a failed write reaches onError.
    c.channel.writeAndFlush(request, c.channel.voidPromise());
    writeEnd = System.nanoTime();
  }

  /**
   * The head of the response arrived: decide whether this exchange is traced (sampled, or forced), and
   * whether its body is kept (an expression or the trace reads it).
   */
  boolean onHead(HttpResponse head) {
    if (!inFlight || call == null) {
      return false;
    }
    if (trace == null && ctx.traces().enabled()) {
      long now = System.currentTimeMillis();
      int status = head.status().code();
      // The loop-local check first: the shared store is asked about once per resource, status and minute.
      if ((call.forceTrace() || ctx.metrics().firstOfMinute(figuresOfKey, status, now / 60_000))
          && ctx.traces().wants(vu.scenario().name(), key.resource(), status, now, call.forceTrace())) {
        trace = new Trace(now, vu.scenario().name(), key.resource(), vu.id(), vu.iteration());
      }
    }
    int code = head.status().code();
    if (call.stream() != null && (code < 300 || code >= 400)) {
      stream.begin(call.stream(), key.resource(), call.tags(), head, requestStart);
    }
    return trace != null || call.readsResponse();
  }

  /** Whether the response in flight is read as a stream of events. */
  boolean streaming() {
    return stream.active();
  }

  /** A piece of a streamed body; false once the stream's until held. */
  boolean onStreamData(ByteBuf content) {
    return stream.feed(content);
  }

  /**
   * The stream's until held: the response counts as complete now, and its connection, with the rest of the body
   * still coming, is closed (taken out of the pool first, so the VU's next request opens another).
   */
  void onStreamStopped(Connection c, Channel http2Stream, HttpResponse response, byte[] body) {
    if (!inFlight || c != current) {
      return;
    }
    if (http2Stream != null) {
      onResponse(c, response, body);
      http2Stream.close(); // resets the stream; the connection goes on carrying the VU's next requests
      return;
    }
    connections.remove(c.origin, c);
    onResponse(c, response, body);
    c.channel.close();
  }

  /** An HTTP/2 stream closed: a reset, if its exchange was still waiting for its response. */
  void onStreamClosed(Connection c, long id) {
    if (inFlight && c == current && id == exchange) {
      fail(id, "reset");
    }
  }

  void onStreamError(Connection c, long id, Throwable cause) {
    if (inFlight && c == current && id == exchange) {
      fail(id, kind(cause));
    }
  }

  private void traceHop(int status, HttpHeaders responseHeaders, byte[] responseBody, long end) {
    if (trace == null) {
      return;
    }
    int max = ctx.traces().maxBodyBytes();
    trace.method = method.name();
    trace.url = destination == null ? null : destination.uri().toString();
    trace.status = status;
    trace.durationMs = (end - requestStart) / 1e6;
    long now = System.currentTimeMillis();
    trace.add("request", now, requestHeaders == null ? Map.of() : TraceStore.headers(requestHeaders), body, max);
    if (responseHeaders != null) {
      trace.add("response", now, TraceStore.headers(responseHeaders),
          responseBody == null ? "" : new String(responseBody, 0, Math.min(responseBody.length, max + 1), StandardCharsets.UTF_8), max);
    }
  }

  private void keepTrace(String error) {
    if (trace != null) {
      trace.error = error;
      ctx.traces().keep(trace);
      trace = null;
    }
  }

  void onResponse(Connection c, HttpResponse response, byte[] body) {
    if (!inFlight || c != current) {
      return;
    }
    long end = System.nanoTime();
    stream.end();
    long id = exchange;
    int status = response.status().code();
    String location = response.headers().get(HttpHeaderNames.LOCATION);
    boolean redirect = status >= 300 && status < 400 && location != null && redirectsLeft > 0;
    // The step's own rules read the final response before it is recorded: failWhen decides whether it failed.
    ResponseView view = null;
    boolean failedByRule = false;
    List<ResponseRules.Packet> packets = List.of();
    if (!redirect && (call.failWhen() != null || !call.traceEntries().isEmpty())) {
      view = new ResponseView(status, response.headers(), body);
      double ms = (end - requestStart) / 1e6;
      failedByRule = call.failWhen() != null && ResponseRules.failed(call.failWhen(), vu, view, ms);
      packets = ResponseRules.packets(call.traceEntries(), vu, view, ms);
      forceTraceFor(status, packets);
    }
    record(status, status >= 400 || failedByRule, end);
    traceHop(status, response.headers(), body, end);
    if (trace != null) {
      long now = System.currentTimeMillis();
      packets.forEach(p -> trace.add(p.type(), now, p.headers(), p.data(), ctx.traces().maxBodyBytes()));
    }
    if (redirect) {
      redirectsLeft--;
      if (status == 301 || status == 302 || status == 303) {
        if (!method.equals(HttpMethod.HEAD)) {
          method = HttpMethod.GET;
        }
        body = null;
      }
      Destination next;
      try {
        next = Destination.parse(destination.uri().resolve(location).toString());
      } catch (IllegalArgumentException e) {
        next = null;
      }
      if (next == null) {
        fail(id, "invalid_redirect");
        return;
      }
      requestStart = end;
      blocked = 0;
      begin(next, end);
      return;
    }
    keepTrace(failedByRule ? call.failWhen().status() : null);
    finish(status, view != null || call.expressions().isEmpty() ? view : new ResponseView(status, response.headers(), body), end);
  }

  /** A trace packet with force: the exchange is traced even when it was not sampled (while maxTraces allows). */
  private void forceTraceFor(int status, List<ResponseRules.Packet> packets) {
    if (trace == null && ctx.traces().enabled() && packets.stream().anyMatch(ResponseRules.Packet::force)) {
      long now = System.currentTimeMillis();
      if (ctx.traces().wants(vu.scenario().name(), key.resource(), status, now, true)) {
        trace = new Trace(now, vu.scenario().name(), key.resource(), vu.id(), vu.iteration());
      }
    }
  }

  private void record(int status, boolean failed, long end) {
    boolean fresh = connectEnd > connectStart;
    long sending = Math.max(0, (writeEnd > 0 ? writeEnd : end) - writeStart);
    long wroteAt = writeEnd > 0 ? writeEnd : writeStart;
    long waiting = firstByte > 0 ? Math.max(0, firstByte - wroteAt) : Math.max(0, end - wroteAt);
    long receiving = firstByte > 0 ? Math.max(0, end - firstByte) : 0;
    long sent = current == null ? 0 : current.bytesOut - bytesOutAtStart;
    long received = current == null ? 0 : current.bytesIn - bytesInAtStart;
    // As k6: duration = sending + waiting + receiving (connection set-up apart); plus, for the first request
    // of an arrival-rate iteration, the time it waited past its intended start (coordinated omission).
    long duration = (status == 0 ? end - Math.max(writeStart, connectStart) : sending + waiting + receiving) + blocked;
    ctx.metrics().request(figuresOfKey, status, failed, blocked, fresh ? connectEnd - connectStart : 0,
        fresh ? Math.max(0, tlsEnd - connectEnd) : 0, sending, waiting, receiving, Math.max(0, duration), sent, received);
  }

  private void finish(int status, ResponseView response, long end) {
    inFlight = false;
    writeEnd = 0;
    if (!call.expressions().isEmpty()) {
      ExpressionEvaluator.evaluate(call.expressions(), vu, key.resource(), "response",
          response != null ? response : new ResponseView(status, null, null), (end - requestStart) / 1e6, Map.of());
    }
    vu.next();
  }

  private void onTimeout(long id) {
    if (id != exchange || !inFlight) {
      return;
    }
    ctx.metrics().connectionError("timeout");
    stream.abandon();
    closeCurrent();
    record(0, true, System.nanoTime());
    traceHop(0, null, null, System.nanoTime());
    keepTrace("timeout");
    finish(0, null, System.nanoTime());
  }

  private void fail(long id, String kind) {
    if (id != exchange || !inFlight || closing) {
      return;
    }
    ctx.metrics().connectionError(kind);
    stream.abandon();
    long now = System.nanoTime();
    if (writeStart < connectStart) {
      writeStart = now;
    }
    record(0, true, now);
    long wall = System.currentTimeMillis();
    if (trace != null || ctx.traces().enabled()
        && (call.forceTrace() || ctx.metrics().firstOfMinute(figuresOfKey, 0, wall / 60_000))
        && ctx.traces().wants(vu.scenario().name(), key.resource(), 0, wall, call.forceTrace())) {
      if (trace == null) {
        trace = new Trace(System.currentTimeMillis(), vu.scenario().name(), key.resource(), vu.id(), vu.iteration());
      }
      traceHop(0, null, null, now);
      keepTrace(kind);
    }
    closeCurrent();
    finish(0, null, now);
  }

  /** The connection closed: an error if a request was waiting on it. */
  void onClosed(Connection c) {
    connections.remove(c.origin, c);
    if (inFlight && c == current) {
      fail(exchange, "closed");
    }
  }

  void onError(Connection c, Throwable cause) {
    if (inFlight && c == current) {
      fail(exchange, kind(cause));
    }
    c.channel.close();
  }

  private void closeCurrent() {
    if (current != null) {
      connections.remove(current.origin, current);
      current.channel.close();
      current = null;
    }
  }

  @Override
  public void close() {
    closing = true;
    exchange++;
    inFlight = false;
    trace = null;
    stream.abandon();
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    connections.values().forEach(c -> c.channel.close());
    connections.clear();
    current = null;
    closing = false;
  }

  static String kind(Throwable t) {
    if (t instanceof ConnectException) {
      return "refused";
    }
    if (t instanceof io.netty.channel.ConnectTimeoutException) {
      return "connect_timeout";
    }
    if (t instanceof UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
      return "dns";
    }
    if (t instanceof ClosedChannelException) {
      return "closed";
    }
    if (t instanceof SSLException || t instanceof io.netty.handler.codec.DecoderException && t.getCause() instanceof SSLException) {
      return "tls";
    }
    if (t instanceof io.netty.handler.codec.http2.Http2Exception) {
      return "http2"; // a protocol error or a GOAWAY of the HTTP/2 connection
    }
    if (t instanceof io.netty.handler.codec.TooLongFrameException) {
      return "response_too_large";
    }
    if (t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("reset")) {
      return "reset";
    }
    return "other";
  }

  /** host[:port] of a URL as written. */
  static String hostOf(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = url.indexOf('/', start);
    return end < 0 ? url.substring(start) : url.substring(start, end);
  }

  static String pathOf(String url) {
    int scheme = url.indexOf("://");
    int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (slash < 0) {
      return "/";
    }
    int q = url.indexOf('?', slash);
    return q < 0 ? url.substring(slash) : url.substring(slash, q);
  }
}
