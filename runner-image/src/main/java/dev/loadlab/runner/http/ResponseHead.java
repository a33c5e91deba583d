package dev.loadlab.runner.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * The head of a response as the client reads it: its status, a header by name, and all of its headers only when
 * something reads them (an expression, a trace): on HTTP/1.1 ({@link Http1Head}) they are not parsed into objects
 * otherwise. Valid until the connection's next response unless held ({@link Http1Head#hold}): keep {@link #headers()}, not the head.
 */
interface ResponseHead {
  int status();

  /** The first value of the header, or null. */
  String header(AsciiString name);

  /** Every header, built on the first call. */
  HttpHeaders headers();

  /** Whether it came on an HTTP/2 stream. */
  boolean http2();

  /** A head Netty's codec decoded from an HTTP/2 stream's frames. */
  static ResponseHead of(HttpResponse response) {
    return new ResponseHead() {
      @Override
      public int status() {
        return response.status().code();
      }

      @Override
      public String header(AsciiString name) {
        return response.headers().get(name);
      }

      @Override
      public HttpHeaders headers() {
        return response.headers();
      }

      @Override
      public boolean http2() {
        return true;
      }
    };
  }
}
