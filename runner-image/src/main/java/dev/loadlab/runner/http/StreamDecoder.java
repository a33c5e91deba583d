package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a streamed body into events as its bytes arrive, whatever the chunk boundaries: server-sent events (the
 * WHATWG event-stream format: "data:" lines joined by newlines, "event:" for the type, comments and other fields
 * ignored, an event per blank line) or lines (one event per non-empty line, e.g. NDJSON). Lines end with LF, CRLF
 * or CR; text is UTF-8, decoded once a line is complete, so a character split across chunks stays whole.
 */
final class StreamDecoder {
  /** Told of each event; returns false to stop reading (the stream's {@code until} held). */
  interface Sink {
    boolean onEvent(String type, String data);
  }

  private final boolean sse;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String type = "message";
  private boolean afterCr;

  StreamDecoder(boolean sse) {
    this.sse = sse;
  }

  /** Reads a chunk; false once the sink asked to stop (the rest of the chunk is left unread). */
  boolean feed(ByteBuf buf, Sink sink) {
    for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
      byte b = buf.getByte(i);
      if (b == '\n' && afterCr) {
        afterCr = false; // the LF of a CRLF: the line already ended at the CR
        continue;
      }
      afterCr = b == '\r';
      if (b == '\n' || b == '\r') {
        if (!line(sink)) {
          return false;
        }
      } else {
        line.write(b);
      }
    }
    return true;
  }

  /** The body ended: a last line without its end, or a last event without its blank line, still counts. */
  void finish(Sink sink) {
    if (line.size() > 0 && !line(sink)) {
      return;
    }
    if (sse && hasData) {
      dispatch(sink);
    }
  }

  private boolean line(Sink sink) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (!sse) {
      return text.isBlank() || sink.onEvent("line", text);
    }
    if (text.isEmpty()) {
      return !hasData || dispatch(sink);
    }
    if (text.startsWith(":")) {
      return true; // a comment, e.g. a keep-alive
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if (field.equals("event")) {
      type = value;
    }
    return true;
  }

  private boolean dispatch(Sink sink) {
    String d = data.toString();
    String t = type;
    data.setLength(0);
    hasData = false;
    type = "message";
    return sink.onEvent(t, d);
  }
}
