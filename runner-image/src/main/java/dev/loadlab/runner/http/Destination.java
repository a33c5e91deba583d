package dev.loadlab.runner.http;

import java.net.URI;

/** Where a request goes, parsed from its URL once (per request only when the URL has templates). */
record Destination(String origin, String host, int port, boolean tls, String target, String hostHeader, URI uri) {
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
    return new Destination(scheme + "://" + uri.getHost() + ":" + port, uri.getHost(), port, tls, target, hostHeader, uri);
  }
}
