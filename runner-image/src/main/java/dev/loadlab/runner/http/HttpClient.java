package dev.loadlab.runner.http;

import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.ExpressionEvaluator;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ProtocolClient;
import dev.loadlab.runner.engine.ResponseRules;
import dev.loadlab.runner.engine.VirtualUser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTTP for one VU: one request at a time on its keep-alive connections ({@link Connections}), every phase timed
 * ({@link Exchange}), a timeout ({@link Deadline}), redirects followed and recorded hop by hop ({@link Redirects}),
 * sampled traces ({@link TraceSampler}), gzip answers decoded. HTTP/1.1, or HTTP/2 for steps that ask for it
 * ({@link Http2Streams}: h2 when ALPN agrees, else HTTP/1.1; h2c with prior knowledge), a stream per request on the VU's
 * connection. This class runs the exchange from the step to the VU's next step; loop-confined (see the engine's
 * package-info).
 */
public final class HttpClient implements ProtocolClient<CompiledStep.HttpCall> {
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final VirtualUser vu;
  private final LoopContext ctx;
  private final Exchange ex = new Exchange();
  private final Connections connections;
  private final Deadline deadline;
  private final TraceSampler traces;
  /** The events of a streamed response in flight (a step with stream). */
  private final ResponseStream stream;
  private boolean closing;

  public HttpClient(VirtualUser vu) {
    this.vu = vu;
    this.ctx = vu.context();
    this.connections = new Connections(ctx, this, ex);
    this.deadline = new Deadline(ctx.loop(), ex, this::onTimeout);
    this.traces = new TraceSampler(vu);
    this.stream = new ResponseStream(vu);
  }

  @Override
  public void execute(CompiledStep.HttpCall step) {
    Destination d = StepTarget.resolve(step, vu, ex);
    long now = System.nanoTime();
    ex.start(step, step.body() == null ? null : step.body().render(vu), vu.takeRequestStart(now), now);
    begin(d, now);
  }

  /** A hop of the exchange (the request, or a redirect it follows) to {@code d}. */
  private void begin(Destination d, long now) {
    long id = ex.hop(d);
    if (d == null) {
      fail(id, "invalid_url");
      return;
    }
    deadline.arm(ex.requestStart + ex.call.timeoutNanos(), now);
    String pool = Connections.pool(d, ex.call.http2());
    Connection c = connections.reusable(pool);
    if (c != null) {
      ex.connectStart = ex.connectEnd = ex.tlsEnd = now;
      send(id, c);
    } else {
      connections.connect(id, pool, ex.destination, ex.call.http2());
    }
  }

  /** Writes the hop's request on {@code c}, ready (a stream of it, on an HTTP/2 connection). */
  void send(long id, Connection c) {
    String body = ex.body;
    boolean constant = c.streams == null && ex.target.sendsConstant(ex.destination);
    CharSequence[] headers = constant ? ex.target.constantHeaders
        : RequestHeaders.of(ex.call, vu, ex.destination.hostHeader(), body == null ? -1 : ByteBufUtil.utf8Bytes(body));
    ex.writing(c, headers, System.nanoTime());
    if (c.streams == null) {
      ByteBuf request = constant ? ex.target.constantRequest()
          : Http1Request.encode(c.channel.alloc(), ex.method, ex.destination.target(), headers, body);
      c.bytesOut += request.readableBytes();
      // On the loop, flush writes to the socket before returning; a failed write reaches onError.
      c.channel.writeAndFlush(request, c.channel.voidPromise());
      ex.writeEnd = System.nanoTime();
      return;
    }
    var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, ex.method, ex.destination.target(),
        body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8),
        // the HTTP/2 codec adds its :scheme to the request's headers: a mutable copy
        new DefaultHttpHeaders().add(RequestHeaders.asHeaders(headers)), EmptyHttpHeaders.INSTANCE);
    {
      Http2Streams.open(this, c, id).addListener(opened -> {
        if (id != ex.id || !opened.isSuccess()) {
          request.release();
          if (id == ex.id) {
            fail(id, ErrorKind.of(opened.cause()));
          }
          return;
        }
        var h2 = (Channel) opened.getNow();
        h2.writeAndFlush(request, h2.voidPromise());
        ex.writeEnd = System.nanoTime();
      });
    }
  }

  /**
   * The head of the response arrived (time to first byte): sample the exchange for a trace, begin a streamed body, and
   * say whether the body is kept (an expression or the trace reads it).
   */
  boolean onHead(ResponseHead head) {
    if (!ex.inFlight) {
      return false;
    }
    ex.firstByte = System.nanoTime();
    int code = head.status();
    traces.sample(ex, code);
    if (ex.call.stream() != null && (code < 300 || code >= 400)) {
      stream.begin(ex.call.stream(), ex.key.resource(), ex.call.tags(), head, ex.requestStart);
    }
    return traces.tracing() || ex.call.readsResponse();
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
  void onStreamStopped(Connection c, Channel http2Stream, ResponseHead response, byte[] body) {
    if (!ex.inFlight || c != ex.connection) {
      return;
    }
    if (http2Stream != null) {
      onResponse(c, response, body);
      http2Stream.close(); // resets the stream; the connection goes on carrying the VU's next requests
      return;
    }
    connections.remove(c);
    onResponse(c, response, body);
    c.channel.close();
  }

  /** An HTTP/2 stream closed: a reset, if its exchange was still waiting for its response. */
  void onStreamClosed(Connection c, long id) {
    if (ex.inFlight && c == ex.connection && id == ex.id) {
      fail(id, "reset");
    }
  }

  void onStreamError(Connection c, long id, Throwable cause) {
    if (ex.inFlight && c == ex.connection && id == ex.id) {
      fail(id, ErrorKind.of(cause));
    }
  }

  void onResponse(Connection c, ResponseHead response, byte[] body) {
    if (!ex.inFlight || c != ex.connection) {
      return;
    }
    long end = System.nanoTime();
    stream.end();
    int status = response.status();
    String location = status >= 300 && status < 400 ? response.header(HttpHeaderNames.LOCATION) : null;
    boolean redirect = Redirects.follows(ex, status, location);
    // The step's own rules read the final response before it is recorded: failWhen decides whether it failed.
    CompiledStep.HttpCall call = ex.call;
    ResponseView view = null;
    boolean failedByRule = false;
    List<ResponseRules.Packet> packets = List.of();
    if (!redirect && (call.failWhen() != null || !call.traceEntries().isEmpty())) {
      view = new ResponseView(status, response, body);
      double ms = ex.millisSinceStart(end);
      failedByRule = call.failWhen() != null && ResponseRules.failed(call.failWhen(), vu, view, ms);
      packets = ResponseRules.packets(call.traceEntries(), vu, view, ms);
      traces.force(ex, status, packets);
    }
    ex.record(ctx.metrics(), status, status >= 400 || failedByRule, end);
    traces.hop(ex, status, response, body, end);
    traces.add(packets);
    if (redirect) {
      long id = ex.id;
      Destination next = Redirects.follow(ex, status, location, end);
      if (next == null) {
        fail(id, "invalid_redirect");
      } else {
        begin(next, end);
      }
      return;
    }
    traces.keep(failedByRule ? call.failWhen().status() : null);
    finish(status, view != null || call.expressions().isEmpty() ? view : new ResponseView(status, response, body), end);
  }

  private void finish(int status, ResponseView response, long end) {
    ex.inFlight = false;
    CompiledStep.HttpCall call = ex.call;
    if (!call.expressions().isEmpty()) {
      ExpressionEvaluator.evaluate(call.expressions(), vu, ex.key.resource(), "response",
          response != null ? response : new ResponseView(status, null, null), ex.millisSinceStart(end), Map.of());
    }
    vu.next();
  }

  private void onTimeout() {
    ctx.metrics().connectionError("timeout");
    stream.abandon();
    closeCurrent();
    long now = System.nanoTime();
    ex.record(ctx.metrics(), 0, true, now);
    traces.hop(ex, 0, null, null, now);
    traces.keep("timeout");
    finish(0, null, now);
  }

  /** Exchange {@code id} got no response, for the reason {@code kind} (an {@link ErrorKind}). */
  void fail(long id, String kind) {
    if (id != ex.id || !ex.inFlight || closing) {
      return;
    }
    ctx.metrics().connectionError(kind);
    stream.abandon();
    long now = System.nanoTime();
    if (ex.writeStart < ex.connectStart) {
      ex.writeStart = now;
    }
    ex.record(ctx.metrics(), 0, true, now);
    traces.sample(ex, 0);
    traces.hop(ex, 0, null, null, now);
    traces.keep(kind);
    closeCurrent();
    finish(0, null, now);
  }

  /** Whether the request in flight on {@code c} is a HEAD (its response has no body, whatever its headers say). */
  boolean sentHead(Connection c) {
    return ex.connection == c && HttpMethod.HEAD.equals(ex.method);
  }

  /** The server closes {@code c} after its response: the VU's next request goes on another connection. */
  void retire(Connection c) {
    connections.remove(c);
  }

  /** The connection closed: an error if a request was waiting on it. */
  void onClosed(Connection c) {
    connections.remove(c);
    if (ex.inFlight && c == ex.connection) {
      fail(ex.id, "closed");
    }
  }

  void onError(Connection c, Throwable cause) {
    if (ex.inFlight && c == ex.connection) {
      fail(ex.id, ErrorKind.of(cause));
    }
    c.channel.close();
  }

  private void closeCurrent() {
    Connection c = ex.connection;
    if (c != null) {
      connections.remove(c);
      c.channel.close();
      ex.connection = null;
    }
  }

  @Override
  public void close() {
    closing = true;
    ex.id++;
    ex.inFlight = false;
    traces.drop();
    stream.abandon();
    deadline.cancel();
    connections.closeAll();
    ex.connection = null;
    closing = false;
  }
}
