package dev.loadlab.runner.http;

import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.VirtualUser;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The headers of one request: Host, User-Agent, Accept, Accept-Encoding (gzip), Content-Length and Content-Type when
 * there is a body, then the step's own, each of which replaces a default of the same name (and a later one of the
 * step's an earlier one). Built as a flat array of name, value pairs, written as they are ({@link Http1Request}): Netty's
 * default header map hashes every name on every request (about a tenth of a core's samples at 80,000 requests/s), and
 * a request's headers are written once. {@link #asHeaders} wraps them for HTTP/2 and traces.
 */
final class RequestHeaders {
  private static final AsciiString USER_AGENT_VALUE = AsciiString.cached("loadlab/0.1");
  private static final AsciiString ANY = AsciiString.cached("*/*");

  private RequestHeaders() {
  }

  /** Name, value, name, value…, in the order they are written. */
  static CharSequence[] of(CompiledStep.HttpCall call, VirtualUser vu, String host, int contentLength) {
    List<CompiledStep.Header> own = call.headers();
    CharSequence[] pairs = new CharSequence[2 * (6 + own.size())];
    int n = 0;
    n = add(pairs, n, own, HttpHeaderNames.HOST, host);
    n = add(pairs, n, own, HttpHeaderNames.USER_AGENT, USER_AGENT_VALUE);
    n = add(pairs, n, own, HttpHeaderNames.ACCEPT, ANY);
    n = add(pairs, n, own, HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP);
    if (contentLength >= 0) {
      n = add(pairs, n, own, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(contentLength));
      if (call.contentType() != null) {
        n = add(pairs, n, own, HttpHeaderNames.CONTENT_TYPE, call.contentType());
      }
    }
    for (int i = 0; i < own.size(); i++) {
      String name = own.get(i).name();
      if (!named(own, i + 1, name)) {
        pairs[n++] = name;
        pairs[n++] = own.get(i).value().render(vu);
      }
    }
    return n < pairs.length ? java.util.Arrays.copyOf(pairs, n) : pairs;
  }

  static HttpHeaders asHeaders(CharSequence[] pairs) {
    return new ReadOnlyHttpHeaders(false, pairs);
  }

  private static int add(CharSequence[] pairs, int n, List<CompiledStep.Header> own, AsciiString name, CharSequence value) {
    if (named(own, 0, name)) {
      return n; // the step sets it
    }
    pairs[n] = name;
    pairs[n + 1] = value;
    return n + 2;
  }

  private static boolean named(List<CompiledStep.Header> own, int from, CharSequence name) {
    for (int i = from; i < own.size(); i++) {
      if (AsciiString.contentEqualsIgnoreCase(own.get(i).name(), name)) {
        return true;
      }
    }
    return false;
  }
}
