package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import java.util.Locale;

/**
 * The decompression of one HTTP/1.1 response body (Content-Encoding gzip or deflate, as Netty's decompressor does it:
 * its zlib decoder in an embedded channel), handing the plain bytes to the response's reader.
 */
final class BodyInflater {
  private final EmbeddedChannel channel;

  private BodyInflater(EmbeddedChannel channel) {
    this.channel = channel;
  }

  /** The inflater for a Content-Encoding, or null for identity and encodings the client did not ask for (read as they came). */
  static BodyInflater of(String encoding, Channel connection) {
    if (encoding == null) {
      return null;
    }
    ZlibWrapper wrapper = switch (encoding.trim().toLowerCase(Locale.ROOT)) {
      case "gzip", "x-gzip" -> ZlibWrapper.GZIP;
      case "deflate", "x-deflate" -> ZlibWrapper.ZLIB_OR_NONE;
      default -> null;
    };
    // the connection's id and config, as Netty's decompressor does, so making the channel costs no new id
    return wrapper == null ? null : new BodyInflater(new EmbeddedChannel(connection.id(), false, connection.config(),
        ZlibCodecFactory.newZlibDecoder(wrapper, 0)));
  }

  /** Inflates a piece of the body; false when the reader took its last (a streamed response's until held). */
  boolean feed(ByteBuf piece, ResponseReader reader) {
    channel.writeInbound(piece.retain());
    return drain(reader);
  }

  /** The body ended: what the decoder still holds; false when the reader stopped. */
  boolean finish(ResponseReader reader) {
    channel.finish();
    return drain(reader);
  }

  private boolean drain(ResponseReader reader) {
    ByteBuf plain;
    while ((plain = channel.readInbound()) != null) {
      try {
        if (!reader.content(plain)) {
          return false;
        }
      } finally {
        plain.release();
      }
    }
    return true;
  }

  void release() {
    channel.finishAndReleaseAll();
  }
}
