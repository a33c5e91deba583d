package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpMethod;

/**
 * An HTTP/1.1 request written straight into one buffer: request line, headers, body. Netty's generic encoder went
 * through a request object, a header iterator and a buffer per part for every request; this writes the same bytes.
 * Names and values are written as Netty writes them (one byte per char), the target and the body as UTF-8.
 */
final class Http1Request {
  private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Http1Request() {
  }

  /** The bytes of a request; {@code body} null for none. */
  static ByteBuf encode(ByteBufAllocator alloc, HttpMethod method, String target, CharSequence[] headers, String body) {
    int size = method.name().length() + target.length() * 3 + VERSION.length + 2;
    for (CharSequence part : headers) {
      size += part.length() + 2;
    }
    int bodyBytes = body == null ? 0 : ByteBufUtil.utf8Bytes(body);
    ByteBuf buf = alloc.ioBuffer(size + bodyBytes);
    ByteBufUtil.writeAscii(buf, method.name());
    buf.writeByte(' ');
    ByteBufUtil.writeUtf8(buf, target);
    buf.writeBytes(VERSION);
    for (int i = 0; i < headers.length; i += 2) {
      ByteBufUtil.writeAscii(buf, headers[i]);
      buf.writeByte(':').writeByte(' ');
      ByteBufUtil.writeAscii(buf, headers[i + 1]);
      buf.writeByte('\r').writeByte('\n');
    }
    buf.writeByte('\r').writeByte('\n');
    if (body != null) {
      ByteBufUtil.writeUtf8(buf, body);
    }
    return buf;
  }
}
