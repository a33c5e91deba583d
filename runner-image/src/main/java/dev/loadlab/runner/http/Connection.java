package dev.loadlab.runner.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;

/** A connection of one VU and the bytes that crossed it ({@link ByteCounter}). Loop-confined. */
final class Connection {
  /** The pool it belongs to in {@link Connections}: its origin, HTTP/2 connections apart. */
  final String pool;
  Channel channel;
  /** Set when the connection speaks HTTP/2: opens a stream per request. */
  Http2StreamChannelBootstrap streams;
  long bytesIn;
  long bytesOut;

  Connection(String pool) {
    this.pool = pool;
  }
}
