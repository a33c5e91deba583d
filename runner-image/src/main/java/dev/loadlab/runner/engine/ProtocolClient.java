package dev.loadlab.runner.engine;

/**
 * Runs the steps of one protocol for one VU, on the VU's loop; calls {@link VirtualUser#next()} when the
 * step is done. Protocols depend on the engine, never the other way round: the engine gets its clients
 * from a {@link Factory}.
 */
public interface ProtocolClient<S extends CompiledStep> {
  void execute(S step);

  /** Closes the VU's connections of this protocol. */
  void close();

  interface Factory {
    ProtocolClient<CompiledStep.HttpCall> http(VirtualUser vu);

    ProtocolClient<CompiledStep.WebSocketCall> webSocket(VirtualUser vu);

    ProtocolClient<CompiledStep.GrpcCall> grpc(VirtualUser vu);
  }
}
