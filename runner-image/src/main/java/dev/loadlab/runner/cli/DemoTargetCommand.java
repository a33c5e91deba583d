package dev.loadlab.runner.cli;

import dev.loadlab.runner.demo.DemoTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-target", description = {
    "Starts the built-in demo target: the endpoints the examples call (products, cart, checkout, an OpenAI-style "
        + "chat completion, a microservice, a WebSocket ticker, gRPC services with reflection), with ?latencyMs=, ?errorRate= and ?status= on every "
        + "endpoint and GET /stats counting what it served. Stops on Ctrl-C."})
final class DemoTargetCommand implements Callable<Integer> {
  @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port (default 8080; 0 picks a free one).")
  int port = 8080;

  @Option(names = "--grpc-port", description = "Port of the gRPC services, loadlab.demo.v1.Inventory and Chat, with "
      + "reflection (default 9090; 0 picks a free one; -1 serves none).")
  int grpcPort = 9090;

  @Option(names = "--threads", description = "Event loops (default 1).")
  int threads = 1;

  @Override
  public Integer call() throws Exception {
    try (DemoTarget target = DemoTarget.start(host, port, threads, grpcPort)) {
      System.err.println("demo target listening on " + target.baseUrl()
          + (target.grpcPort() < 0 ? "" : ", gRPC on " + host + ":" + target.grpcPort()) + " (Ctrl-C stops it)");
      target.closeFuture();
    }
    return 0;
  }
}
