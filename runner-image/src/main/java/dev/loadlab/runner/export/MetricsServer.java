package dev.loadlab.runner.export;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The runner's HTTP port: {@code /metrics} for Prometheus (client_java's server, classic text or protobuf on request). */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;

  public MetricsServer(String host, int port, PrometheusExporter exporter) {
    var registry = new PrometheusRegistry();
    registry.register(exporter);
    try {
      server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
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
