package dev.loadlab.runner.engine;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Netty's native epoll transport on Linux, NIO elsewhere (or with -Dloadlab.transport=nio). */
public final class Transport {
  public static final boolean EPOLL = Epoll.isAvailable() && !"nio".equals(System.getProperty("loadlab.transport"));

  private Transport() {
  }

  public static EventLoopGroup group(int threads) {
    return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public static Class<? extends ServerSocketChannel> serverSocketChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }
}
