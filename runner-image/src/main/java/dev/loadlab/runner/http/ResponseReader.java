package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a connection (or an HTTP/2 stream) hands the VU's client as a response arrives: its head (time to first byte),
 * its body piece by piece — kept only when an expression or the trace reads it, fed to a streamed response's events —
 * and its end. Replaces an aggregator, which would copy every body whether anyone reads it or not. Loop-confined.
 */
final class ResponseReader {
  private final HttpClient client;
  private final Connection connection;
  /** The HTTP/2 stream it reads, or null on an HTTP/1.1 connection. */
  private final Channel http2Stream;
  private ResponseHead head;
  private ByteArrayOutputStream body;
  private long size;

  ResponseReader(HttpClient client, Connection connection, Channel http2Stream) {
    this.client = client;
    this.connection = connection;
    this.http2Stream = http2Stream;
  }

  void head(ResponseHead h) {
    head = h;
    size = 0;
    body = client.onHead(h) ? new ByteArrayOutputStream(256) : null;
  }

  /** Whether a response is being read (its head came, its end not yet). */
  boolean reading() {
    return head != null;
  }

  /**
   * A piece of the body; false when the response ended here because a streamed response's until held: what still comes
   * of it is to be ignored (the client closes the connection, or resets the stream).
   */
  boolean content(ByteBuf buf) {
    if (head == null) {
      return true;
    }
    size += buf.readableBytes();
    if (body != null && size <= HttpClient.MAX_RESPONSE_BYTES) {
      try {
        buf.getBytes(buf.readerIndex(), body, buf.readableBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (client.streaming() && !client.onStreamData(buf)) {
      ResponseHead done = head;
      head = null;
      client.onStreamStopped(connection, http2Stream, done, bytes());
      return false;
    }
    return true;
  }

  void end() {
    if (head != null) {
      ResponseHead done = head;
      head = null;
      client.onResponse(connection, done, bytes());
    }
  }

  private byte[] bytes() {
    return body == null ? null : body.toByteArray();
  }
}
