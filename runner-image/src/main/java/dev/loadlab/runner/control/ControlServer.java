package dev.loadlab.runner.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The control API on a port of its own ({@code --control-port}), apart from the metrics port Prometheus scrapes. */
public final class ControlServer implements AutoCloseable {
  private final HttpServer server;

  public ControlServer(String host, int port, ControlApi api) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (--control-port): " + e.getMessage(), e);
    }
    server.createContext("/", api);
    // a few threads: /results of a long run takes a moment to encode, and must not hold up /progress
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "loadlab-control");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
