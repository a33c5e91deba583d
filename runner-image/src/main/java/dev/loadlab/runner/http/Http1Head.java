package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An HTTP/1.1 response head as {@link Http1ResponseDecoder} read it: the bytes of its header block copied into a buffer
 * the connection reuses, with where each header's name and value start and end. A header is looked up by comparing
 * bytes; header objects are built only when {@link #headers()} is asked for. One per connection, overwritten by its
 * next response.
 */
final class Http1Head implements ResponseHead {
  private byte[] bytes = new byte[512];
  /** Per header: name start, name end, value start, value end (offsets into {@link #bytes}). */
  private int[] marks = new int[4 * 16];
  private int count;
  private int status;
  private boolean decoded;
  private HttpHeaders headers;
  /** Set once a {@link ResponseView} holds this head: the connection reads its next response into a new one. */
  private boolean held;

  /** Takes a whole head: the {@code length} bytes of {@code buf} from {@code from}, status line to the empty line. */
  void read(ByteBuf buf, int from, int length) {
    count = 0;
    decoded = false;
    headers = null;
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, 2 * bytes.length)];
    }
    buf.getBytes(from, bytes, 0, length);
    int line = 0;
    while (bytes[line] != '\n') {
      line++;
    }
    status = status(line);
    line++;
    while (line < length) {
      int end = line;
      while (end < length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > line && bytes[end - 1] == '\r' ? end - 1 : end;
      mark(line, stop);
      line = end + 1;
    }
  }

  /** The status code of {@code HTTP/1.x 200 OK}, the line up to {@code end}. */
  private int status(int end) {
    int space = 0;
    while (space < end && bytes[space] != ' ') {
      space++;
    }
    if (space < 5 || space + 4 > end || bytes[0] != 'H' || bytes[1] != 'T' || bytes[2] != 'T' || bytes[3] != 'P'
        || bytes[4] != '/') {
      throw new DecoderException("not an HTTP/1.x response: " + new String(bytes, 0, Math.min(end, 40), StandardCharsets.ISO_8859_1).trim());
    }
    int code = 0;
    for (int i = space + 1; i < space + 4; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        throw new DecoderException("invalid status code in the response's status line");
      }
      code = code * 10 + (bytes[i] - '0');
    }
    return code;
  }

  /** One header line: {@code name: value}, optional whitespace around the value; a line without a colon is skipped. */
  private void mark(int start, int end) {
    if (start == end || bytes[start] == ' ' || bytes[start] == '\t') {
      return; // an empty line, or an obsolete folded continuation (RFC 9112 §5.2: a recipient may drop it)
    }
    int colon = start;
    while (colon < end && bytes[colon] != ':') {
      colon++;
    }
    if (colon == end) {
      return;
    }
    int nameEnd = colon;
    while (nameEnd > start && (bytes[nameEnd - 1] == ' ' || bytes[nameEnd - 1] == '\t')) {
      nameEnd--;
    }
    int value = colon + 1;
    while (value < end && (bytes[value] == ' ' || bytes[value] == '\t')) {
      value++;
    }
    int valueEnd = end;
    while (valueEnd > value && (bytes[valueEnd - 1] == ' ' || bytes[valueEnd - 1] == '\t')) {
      valueEnd--;
    }
    if (4 * count + 4 > marks.length) {
      marks = Arrays.copyOf(marks, 2 * marks.length);
    }
    int m = 4 * count++;
    marks[m] = start;
    marks[m + 1] = nameEnd;
    marks[m + 2] = value;
    marks[m + 3] = valueEnd;
  }

  /** A view that may outlive the response holds this head (an expression may keep {@code response} in a variable). */
  void hold() {
    held = true;
  }

  boolean held() {
    return held;
  }

  /** The body was decompressed: its Content-Encoding and Content-Length no longer describe what the client reads. */
  void decoded() {
    decoded = true;
  }

  @Override
  public int status() {
    return status;
  }

  /** The index of the first header of that name, or -1. */
  int find(AsciiString name) {
    for (int i = 0; i < count; i++) {
      if (named(i, name)) {
        return i;
      }
    }
    return -1;
  }

  boolean named(int i, AsciiString name) {
    int start = marks[4 * i];
    int length = marks[4 * i + 1] - start;
    if (length != name.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (lower(bytes[start + k]) != lower(name.byteAt(k))) {
        return false;
      }
    }
    return true;
  }

  int count() {
    return count;
  }

  /** Whether the value of header {@code i} contains {@code token} (ASCII, any case), as in {@code Transfer-Encoding: gzip, chunked}. */
  boolean valueContains(int i, AsciiString token) {
    int start = marks[4 * i + 2];
    int end = marks[4 * i + 3];
    for (int at = start; at + token.length() <= end; at++) {
      int k = 0;
      while (k < token.length() && lower(bytes[at + k]) == lower(token.byteAt(k))) {
        k++;
      }
      if (k == token.length()) {
        return true;
      }
    }
    return false;
  }

  /** The value of header {@code i} as a non-negative decimal number, or -1 when it is not one. */
  long number(int i) {
    int start = marks[4 * i + 2];
    int end = marks[4 * i + 3];
    if (start == end || end - start > 18) {
      return -1;
    }
    long n = 0;
    for (int k = start; k < end; k++) {
      byte b = bytes[k];
      if (b < '0' || b > '9') {
        return -1;
      }
      n = n * 10 + (b - '0');
    }
    return n;
  }

  String value(int i) {
    return new String(bytes, marks[4 * i + 2], marks[4 * i + 3] - marks[4 * i + 2], StandardCharsets.ISO_8859_1);
  }

  @Override
  public boolean http2() {
    return false;
  }

  @Override
  public String header(AsciiString name) {
    int i = find(name);
    return i < 0 ? null : value(i);
  }

  @Override
  public HttpHeaders headers() {
    if (headers == null) {
      headers = new DefaultHttpHeaders(false);
      for (int i = 0; i < count; i++) {
        if (decoded && (named(i, HttpHeaderNames.CONTENT_ENCODING) || named(i, HttpHeaderNames.CONTENT_LENGTH))) {
          continue;
        }
        int start = marks[4 * i];
        headers.add(new String(bytes, start, marks[4 * i + 1] - start, StandardCharsets.ISO_8859_1), value(i));
      }
    }
    return headers;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }
}
