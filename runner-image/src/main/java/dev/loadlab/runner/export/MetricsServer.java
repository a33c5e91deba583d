package dev.loadlab.runner.export;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The runner's HTTP port: {@code /metrics} for Prometheus (client_java's server, classic text or protobuf on
 * request), and the control API on the other paths.
 */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;

  public MetricsServer(String host, int port, PrometheusExporter exporter) {
    this(host, port, exporter, null);
  }

  /** With {@code other} answering every path but /metrics (the control API). */
  public MetricsServer(String host, int port, PrometheusExporter exporter, com.sun.net.httpserver.HttpHandler other) {
    var registry = new PrometheusRegistry();
    registry.register(exporter);
    try {
      var b = HTTPServer.builder().hostname(host).port(port).registry(registry).registerHealthHandler(false);
      if (other != null) {
        b.defaultHandler(other);
      }
      server = b.buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
