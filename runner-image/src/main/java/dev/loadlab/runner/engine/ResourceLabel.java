package dev.loadlab.runner.engine;

/**
 * The default resource label of an HTTP request: {@code METHOD [host[:port]]/path}. One rule for the plan (a constant URL
 * is labelled once, when the step is compiled) and the HTTP client (a templated URL, on each rendered URL): the path
 * without query or fragment ({@code /} when empty), the authority without user-info, joined only when the scenario
 * talks to several hosts so their series stay apart. Parsed by index, with no allocation but the label itself.
 */
public final class ResourceLabel {
  private ResourceLabel() {
  }

  /** The label of a request of {@code method} to {@code url}; the authority joins it when {@code withHost}. */
  public static String of(String method, String url, boolean withHost) {
    String path = path(url);
    if (!withHost) {
      return method + " " + path;
    }
    String authority = authority(url);
    return method + " " + (authority == null ? "" : authority) + path;
  }

  /** host[:port] of an absolute URL, without user-info; null when it has none or the host is a template. */
  public static String authority(String url) {
    int start = authorityStart(url);
    if (start < 0) {
      return null;
    }
    int end = authorityEnd(url, start);
    int at = url.lastIndexOf('@', end - 1);
    if (at >= start) {
      start = at + 1;
    }
    String authority = url.substring(start, end);
    return authority.isEmpty() || authority.contains("${") ? null : authority;
  }

  /** The path of a URL without its query and fragment; {@code /} when it has none. */
  public static String path(String url) {
    int start = authorityStart(url);
    int from = start < 0 ? 0 : authorityEnd(url, start);
    int end = url.length();
    for (int i = from; i < end; i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return end > from ? url.substring(from, end) : "/";
  }

  /** Where the authority begins (after {@code scheme://}), or -1 for a URL without one. */
  private static int authorityStart(String url) {
    int scheme = url.indexOf("://");
    if (scheme <= 0) {
      return -1;
    }
    for (int i = 0; i < scheme; i++) {
      char c = url.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return -1; // "://" inside a path or query, not after a scheme
      }
    }
    return scheme + 3;
  }

  private static int authorityEnd(String url, int start) {
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }
}
