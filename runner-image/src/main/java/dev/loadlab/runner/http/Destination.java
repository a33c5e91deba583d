package dev.loadlab.runner.http;

import java.net.URI;

/**
 * Where a request goes, parsed from its URL once (per request only when the URL has templates). {@code origin} names
 * the VU's connection pool for it; {@code h2Pool} the pool of HTTP/2 steps to the same origin.
 */
record Destination(String origin, String h2Pool, String host, int port, boolean tls, String target, String hostHeader,
    URI uri) {
  /** Parses an http(s) URL, or returns null when it is not one. */
  static Destination parse(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return null;
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String hostHeader = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    String origin = scheme + "://" + uri.getHost() + ":" + port;
    return new Destination(origin, origin + " h2", uri.getHost(), port, tls, target, hostHeader, uri);
  }
}
