package dev.loadlab.runner.http;

import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.runner.engine.CompiledStep;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The exchange a VU has in flight: its step, resource, where it goes, and when each phase began and ended. One per VU,
 * allocated with its client and reset by each request ({@link #start}) and each redirect hop ({@link #hop}), so the hot
 * path allocates no state of its own. {@link #id} tells a late callback (a connect, a stream, a timer of an exchange
 * that already ended) from the current one. Loop-confined.
 */
final class Exchange {
  long id;
  boolean inFlight;
  CompiledStep.HttpCall call;
  /** What the step's requests share on this loop. */
  StepTarget target;
  ResourceKey key;
  /** The live figures of {@link #key}: recorded into without a lookup per request. */
  ResourceStats figures;
  HttpMethod method;
  String body;
  int redirectsLeft;
  Destination destination;
  /** The connection the request was written to; null until then (no bytes belong to the exchange before). */
  Connection connection;
  /** The request's headers as written ({@link RequestHeaders}): name, value pairs. */
  CharSequence[] requestHeaders;
  /** The latency's origin: the intended start of an arrival-rate iteration's first request, else the request's start. */
  long requestStart;
  /** How long the request waited past its intended start (coordinated omission), counted in its duration. */
  long blocked;
  long connectStart;
  long connectEnd;
  long tlsEnd;
  long writeStart;
  long writeEnd;
  long firstByte;
  private long bytesOutAtStart;
  private long bytesInAtStart;

  /** A step's request begins: {@code requestStart} from the VU (its intended start, once per iteration). */
  void start(CompiledStep.HttpCall step, String renderedBody, long requestStart, long now) {
    call = step;
    method = step.method();
    body = renderedBody;
    redirectsLeft = step.maxRedirects();
    this.requestStart = requestStart;
    blocked = now - requestStart;
  }

  /** A hop (the request, or a redirect it follows) to {@code d} begins; returns its id. */
  long hop(Destination d) {
    inFlight = true;
    destination = d;
    connection = null;
    requestHeaders = null;
    writeEnd = 0;
    return ++id;
  }

  /** The request was written, or is about to be, on {@code c}: its bytes count from here. */
  void writing(Connection c, CharSequence[] headers, long now) {
    connection = c;
    requestHeaders = headers;
    bytesOutAtStart = c.bytesOut;
    bytesInAtStart = c.bytesIn;
    firstByte = 0;
    writeStart = now;
  }

  /** A redirect is followed: the next hop's latency counts from the answer that sent it. */
  void redirected(long end) {
    redirectsLeft--;
    requestStart = end;
    blocked = 0;
  }

  double millisSinceStart(long end) {
    return (end - requestStart) / 1e6;
  }

  /** Records the hop's phases, bytes and outcome ({@code status} 0: no response) under its resource. */
  void record(LoopMetrics metrics, int status, boolean failed, long end) {
    boolean fresh = connectEnd > connectStart;
    long sending = Math.max(0, (writeEnd > 0 ? writeEnd : end) - writeStart);
    long wroteAt = writeEnd > 0 ? writeEnd : writeStart;
    long waiting = firstByte > 0 ? Math.max(0, firstByte - wroteAt) : Math.max(0, end - wroteAt);
    long receiving = firstByte > 0 ? Math.max(0, end - firstByte) : 0;
    long sent = connection == null ? 0 : connection.bytesOut - bytesOutAtStart;
    long received = connection == null ? 0 : connection.bytesIn - bytesInAtStart;
    // As k6: duration = sending + waiting + receiving (connection set-up apart); plus, for the first request
    // of an arrival-rate iteration, the time it waited past its intended start (coordinated omission).
    long duration = (status == 0 ? end - Math.max(writeStart, connectStart) : sending + waiting + receiving) + blocked;
    metrics.request(figures, status, failed, blocked, fresh ? connectEnd - connectStart : 0,
        fresh ? Math.max(0, tlsEnd - connectEnd) : 0, sending, waiting, receiving, Math.max(0, duration), sent, received);
  }
}
