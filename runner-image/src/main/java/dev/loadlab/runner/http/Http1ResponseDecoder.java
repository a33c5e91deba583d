package dev.loadlab.runner.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Reads HTTP/1.1 responses off a VU's connection straight into its client ({@link ResponseReader}), without building
 * header objects: the head's bytes are kept ({@link Http1Head}) and only the headers that frame the body are looked at
 * (Transfer-Encoding, Content-Length, Content-Encoding, Connection). Bodies framed as RFC 9112 §6.3 says: none for a
 * HEAD request, 1xx, 204 and 304; chunked; Content-Length; else until the connection closes. gzip and deflate bodies
 * are decompressed (the client asks for gzip). Netty's generic codec parsed every header into a hashed map of new
 * strings per response: about 1 KB of garbage and a quarter of the loop's time per request at 80,000 requests/s.
 */
final class Http1ResponseDecoder extends ByteToMessageDecoder {
  /** The longest head read: status line and headers (Netty's codec allowed 4 KiB and 8 KiB). */
  static final int MAX_HEAD_BYTES = 12 * 1024;
  private static final AsciiString CLOSE = HttpHeaderValues.CLOSE;

  private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DISCARD }

  private final HttpClient client;
  private final Connection connection;
  private final ResponseReader reader;
  private Http1Head head = new Http1Head();
  private State state = State.HEAD;
  private long remaining;
  private boolean closeAfter;
  /** The decompressor of the body in flight, or null. */
  private BodyInflater inflater;

  Http1ResponseDecoder(HttpClient client, Connection connection) {
    this.client = client;
    this.connection = connection;
    this.reader = new ResponseReader(client, connection, null);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      switch (state) {
        case HEAD -> {
          if (!readHead(in)) {
            return;
          }
        }
        case FIXED -> {
          int n = (int) Math.min(remaining, in.readableBytes());
          remaining -= n;
          if (!body(in, n)) {
            return;
          }
          if (remaining == 0) {
            end();
          }
        }
        case CHUNK_SIZE -> {
          int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
          if (eol < 0) {
            tooLong(in, "chunk size line");
            return;
          }
          remaining = chunkSize(in, eol);
          in.readerIndex(eol + 1);
          state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(remaining, in.readableBytes());
          remaining -= n;
          if (!body(in, n)) {
            return;
          }
          if (remaining == 0) {
            state = State.CHUNK_END;
          }
        }
        case CHUNK_END -> {
          int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
          if (eol < 0) {
            return;
          }
          in.readerIndex(eol + 1);
          state = State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          // trailer fields are not read: lines up to the empty one that ends the message
          int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
          if (eol < 0) {
            tooLong(in, "trailer line");
            return;
          }
          boolean empty = eol == in.readerIndex() || eol == in.readerIndex() + 1 && in.getByte(in.readerIndex()) == '\r';
          in.readerIndex(eol + 1);
          if (empty) {
            end();
          }
        }
        case UNTIL_CLOSE -> {
          if (!body(in, in.readableBytes())) {
            return;
          }
        }
        case DISCARD -> in.skipBytes(in.readableBytes());
      }
    }
  }

  /** Reads a whole head when it is there; false to wait for more bytes. */
  private boolean readHead(ByteBuf in) {
    while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
      in.skipBytes(1); // line breaks a server left after a body (RFC 9112 §2.2: a recipient should ignore them)
    }
    int start = in.readerIndex();
    int end = headEnd(in, start);
    if (end < 0) {
      tooLong(in, "response head");
      return false;
    }
    if (end - start > MAX_HEAD_BYTES) {
      throw new TooLongFrameException("the response head is longer than " + MAX_HEAD_BYTES + " bytes");
    }
    if (head.held()) {
      head = new Http1Head(); // the last one's bytes stay what an expression's view of that response reads
    }
    head.read(in, start, end - start);
    int status = head.status();
    in.readerIndex(end);
    if (status >= 100 && status < 200 && status != 101) {
      return true; // an interim response (100 Continue, 103 Early Hints): the final one follows
    }
    closeAfter = false;
    boolean chunked = false;
    long length = -1;
    String encoding = null;
    for (int i = 0; i < head.count(); i++) {
      if (head.named(i, HttpHeaderNames.TRANSFER_ENCODING)) {
        chunked |= head.valueContains(i, HttpHeaderValues.CHUNKED);
      } else if (head.named(i, HttpHeaderNames.CONTENT_LENGTH)) {
        length = head.number(i);
        if (length < 0) {
          throw new DecoderException("invalid Content-Length: " + head.value(i));
        }
      } else if (head.named(i, HttpHeaderNames.CONNECTION)) {
        closeAfter |= head.valueContains(i, CLOSE);
      } else if (head.named(i, HttpHeaderNames.CONTENT_ENCODING)) {
        encoding = head.value(i);
      }
    }
    inflater = BodyInflater.of(encoding, connection.channel);
    if (inflater != null) {
      head.decoded();
    }
    reader.head(head);
    if (status == 204 || status == 304 || status == 101 || client.sentHead(connection)) {
      end();
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (length >= 0) {
      remaining = length;
      state = State.FIXED;
      if (length == 0) {
        end();
      }
    } else {
      state = State.UNTIL_CLOSE;
    }
    return true;
  }

  /** The index just past the empty line that ends the head, or -1 when it has not all arrived. */
  private static int headEnd(ByteBuf in, int start) {
    int from = start;
    while (true) {
      int eol = in.indexOf(from, in.writerIndex(), (byte) '\n');
      if (eol < 0) {
        return -1;
      }
      int length = eol - from;
      if (from > start && (length == 0 || length == 1 && in.getByte(from) == '\r')) {
        return eol + 1;
      }
      from = eol + 1;
    }
  }

  /** A chunk's size: hexadecimal, before any {@code ;extension}. */
  private static long chunkSize(ByteBuf in, int eol) {
    long size = 0;
    int digits = 0;
    for (int i = in.readerIndex(); i < eol; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) {
        break;
      }
      if (++digits > 15) {
        throw new DecoderException("chunk size too large");
      }
      size = size * 16 + d;
    }
    if (digits == 0) {
      throw new DecoderException("invalid chunk size line");
    }
    return size;
  }

  private void tooLong(ByteBuf in, String what) {
    if (in.readableBytes() > MAX_HEAD_BYTES) {
      throw new TooLongFrameException("the " + what + " is longer than " + MAX_HEAD_BYTES + " bytes");
    }
  }

  /** Hands {@code n} body bytes on; false when the response ended there (a stream's until held). */
  private boolean body(ByteBuf in, int n) {
    ByteBuf piece = in.readSlice(n);
    if (inflater == null) {
      return delivered(reader.content(piece));
    }
    return delivered(inflater.feed(piece, reader));
  }

  /** After a stream's until held, the client closed the connection: what still arrives is dropped. */
  private boolean delivered(boolean more) {
    if (!more) {
      state = State.DISCARD;
    }
    return more;
  }

  private void end() {
    if (inflater != null) {
      boolean more = inflater.finish(reader);
      inflater.release();
      inflater = null;
      if (!delivered(more)) {
        return;
      }
    }
    state = State.HEAD;
    if (closeAfter) {
      // the server closes the connection after this response: the VU's next request must not be sent on it
      state = State.DISCARD;
      client.retire(connection);
    }
    reader.end();
    if (closeAfter) {
      connection.channel.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b) {
      connection.bytesIn += b.readableBytes(); // after TLS, before decoding: as ByteCounter counts HTTP/2's
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (state == State.UNTIL_CLOSE) {
      end(); // the connection's end is the body's
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    super.channelInactive(ctx);
    if (inflater != null) {
      inflater.release();
      inflater = null;
    }
    client.onClosed(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    state = State.DISCARD;
    client.onError(connection, cause);
  }
}
