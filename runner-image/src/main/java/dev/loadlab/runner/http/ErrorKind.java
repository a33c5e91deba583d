package dev.loadlab.runner.http;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Why an exchange got no response, from the exception Netty reported: the kind of
 * {@code loadlab_connection_errors_total} (docs/metrics.md) and a trace's error. The client adds the kinds no exception
 * carries: timeout, invalid_url, invalid_redirect.
 */
final class ErrorKind {
  private ErrorKind() {
  }

  static String of(Throwable t) {
    if (t instanceof ConnectException) {
      return "refused";
    }
    if (t instanceof io.netty.channel.ConnectTimeoutException) {
      return "connect_timeout";
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
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
}
