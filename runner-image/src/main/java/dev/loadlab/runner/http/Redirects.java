package dev.loadlab.runner.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Following a redirect as browsers and k6 do: a 3xx with a Location, while the step's {@code maxRedirects} allows; 301,
 * 302 and 303 turn the request into a GET without a body (HEAD stays HEAD), 307 and 308 repeat it as it was.
 */
final class Redirects {
  private Redirects() {
  }

  static boolean follows(Exchange ex, int status, String location) {
    return status >= 300 && status < 400 && location != null && ex.redirectsLeft > 0;
  }

  /**
   * Sets the exchange up for the hop a redirect asks for, its latency counted from {@code end}; returns where it goes,
   * or null when the Location does not resolve to an http(s) URL.
   */
  static Destination follow(Exchange ex, int status, String location, long end) {
    ex.redirected(end);
    if (status == 301 || status == 302 || status == 303) {
      if (!ex.method.equals(HttpMethod.HEAD)) {
        ex.method = HttpMethod.GET;
      }
      ex.body = null;
    }
    try {
      return Destination.parse(ex.destination.uri().resolve(location).toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
