package dev.loadlab.runner.demo;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo target's gRPC services, {@code loadlab.demo.v1.Inventory} (unary {@code GetItem}) and
 * {@code loadlab.demo.v1.Chat} (server-streaming {@code Generate}, tokens on a known schedule). Their schema is
 * built here as descriptors — the same dynamic messages the runner uses — and served by reflection.
 */
final class DemoGrpc {
  static final String PACKAGE = "loadlab.demo.v1";
  /** The schema, as {@code protoc --descriptor_set_out} would write it for demo.proto. */
  static final Descriptors.FileDescriptor FILE = build();

  private DemoGrpc() {
  }

  private static Descriptors.FileDescriptor build() {
    var file = FileDescriptorProto.newBuilder().setName("loadlab/demo/v1/demo.proto").setPackage(PACKAGE).setSyntax("proto3")
        .addMessageType(message("ItemRequest", field("sku", 1, FieldDescriptorProto.Type.TYPE_STRING),
            field("delay_ms", 2, FieldDescriptorProto.Type.TYPE_INT32)))
        .addMessageType(message("Item", field("sku", 1, FieldDescriptorProto.Type.TYPE_STRING),
            field("name", 2, FieldDescriptorProto.Type.TYPE_STRING),
            field("price_cents", 3, FieldDescriptorProto.Type.TYPE_INT64),
            field("in_stock", 4, FieldDescriptorProto.Type.TYPE_BOOL),
            field("tags", 5, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).build()))
        .addMessageType(message("GenerateRequest", field("prompt", 1, FieldDescriptorProto.Type.TYPE_STRING),
            field("max_tokens", 2, FieldDescriptorProto.Type.TYPE_INT32),
            field("ttft_ms", 3, FieldDescriptorProto.Type.TYPE_INT32),
            field("token_ms", 4, FieldDescriptorProto.Type.TYPE_INT32)))
        .addMessageType(message("Usage", field("prompt_tokens", 1, FieldDescriptorProto.Type.TYPE_INT32),
            field("completion_tokens", 2, FieldDescriptorProto.Type.TYPE_INT32)))
        .addMessageType(message("Token", field("index", 1, FieldDescriptorProto.Type.TYPE_INT32),
            field("text", 2, FieldDescriptorProto.Type.TYPE_STRING),
            field("finish_reason", 3, FieldDescriptorProto.Type.TYPE_STRING),
            field("usage", 4, FieldDescriptorProto.Type.TYPE_MESSAGE).toBuilder().setTypeName("." + PACKAGE + ".Usage").build(),
            field("sent_after_ms", 5, FieldDescriptorProto.Type.TYPE_DOUBLE)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Inventory").addMethod(MethodDescriptorProto.newBuilder()
            .setName("GetItem").setInputType("." + PACKAGE + ".ItemRequest").setOutputType("." + PACKAGE + ".Item")))
        .addService(ServiceDescriptorProto.newBuilder().setName("Chat").addMethod(MethodDescriptorProto.newBuilder()
            .setName("Generate").setInputType("." + PACKAGE + ".GenerateRequest").setOutputType("." + PACKAGE + ".Token")
            .setServerStreaming(true)))
        .build();
    try {
      return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
  }

  /** The two services, answering on the gRPC server's threads; delays and token gaps scheduled on {@code timers}. */
  static List<ServerServiceDefinition> services(DemoState state, ScheduledExecutorService timers) {
    return List.of(inventory(state, timers), chat(state, timers));
  }

  private static ServerServiceDefinition inventory(DemoState state, ScheduledExecutorService timers) {
    var service = FILE.findServiceByName("Inventory");
    var getItem = method(service.findMethodByName("GetItem"), MethodDescriptor.MethodType.UNARY);
    var item = FILE.findMessageTypeByName("Item");
    ServerCalls.UnaryMethod<DynamicMessage, DynamicMessage> handler = (request, reply) -> {
      state.tally("grpc_calls", 1);
      String sku = (String) field(request, "sku");
      int delay = (Integer) field(request, "delay_ms");
      Runnable answer = () -> {
        if (sku.isEmpty() || sku.startsWith("missing")) {
          state.tally("grpc_not_found", 1);
          reply.onError(Status.NOT_FOUND.withDescription("no item with sku '" + sku + "'").asRuntimeException());
          return;
        }
        int h = Math.floorMod(sku.hashCode(), 10_000);
        reply.onNext(DynamicMessage.newBuilder(item)
            .setField(item.findFieldByName("sku"), sku)
            .setField(item.findFieldByName("name"), "Item " + sku)
            .setField(item.findFieldByName("price_cents"), 100L + h)
            .setField(item.findFieldByName("in_stock"), h % 5 != 0)
            .addRepeatedField(item.findFieldByName("tags"), h % 2 == 0 ? "even" : "odd")
            .addRepeatedField(item.findFieldByName("tags"), "demo")
            .build());
        reply.onCompleted();
      };
      if (delay > 0) {
        timers.schedule(answer, delay, TimeUnit.MILLISECONDS);
      } else {
        answer.run();
      }
    };
    return ServerServiceDefinition.builder(descriptor(service, getItem))
        .addMethod(getItem, ServerCalls.asyncUnaryCall(handler)).build();
  }

  private static ServerServiceDefinition chat(DemoState state, ScheduledExecutorService timers) {
    var service = FILE.findServiceByName("Chat");
    var generate = method(service.findMethodByName("Generate"), MethodDescriptor.MethodType.SERVER_STREAMING);
    ServerCalls.ServerStreamingMethod<DynamicMessage, DynamicMessage> handler = (request, reply) -> {
      state.tally("grpc_calls", 1);
      int max = (Integer) field(request, "max_tokens");
      int ttft = (Integer) field(request, "ttft_ms");
      int gap = (Integer) field(request, "token_ms");
      String prompt = (String) field(request, "prompt");
      new TokenStream((ServerCallStreamObserver<DynamicMessage>) reply, state, timers, max > 0 ? max : 20,
          prompt.isBlank() ? 0 : prompt.trim().split("\\s+").length * 4 / 3, ttft > 0 ? ttft : 50, gap > 0 ? gap : 10)
          .start();
    };
    return ServerServiceDefinition.builder(descriptor(service, generate))
        .addMethod(generate, ServerCalls.asyncServerStreamingCall(handler)).build();
  }

  /**
   * One Generate answer: the first token {@code ttft_ms} after the request, the next {@code token_ms} apart; the last
   * carries finish_reason and usage; each says when it was sent ({@code sent_after_ms}, from the request).
   */
  private static final class TokenStream {
    private final ServerCallStreamObserver<DynamicMessage> reply;
    private final DemoState state;
    private final ScheduledExecutorService timers;
    private final int tokens;
    private final int promptTokens;
    private final int ttft;
    private final int gap;
    private final long start = System.nanoTime();
    private final Descriptors.Descriptor token = FILE.findMessageTypeByName("Token");
    private int index;

    TokenStream(ServerCallStreamObserver<DynamicMessage> reply, DemoState state, ScheduledExecutorService timers,
        int tokens, int promptTokens, int ttft, int gap) {
      this.reply = reply;
      this.state = state;
      this.timers = timers;
      this.tokens = tokens;
      this.promptTokens = promptTokens;
      this.ttft = ttft;
      this.gap = gap;
    }

    void start() {
      timers.schedule(this::send, ttft, TimeUnit.MILLISECONDS);
    }

    private synchronized void send() {
      if (reply.isCancelled()) {
        state.tally("grpc_cancelled", 1);
        return;
      }
      boolean last = index == tokens - 1;
      var b = DynamicMessage.newBuilder(token)
          .setField(token.findFieldByName("index"), index)
          .setField(token.findFieldByName("text"), "token" + index + " ")
          .setField(token.findFieldByName("sent_after_ms"), (System.nanoTime() - start) / 1e6);
      if (last) {
        var usage = FILE.findMessageTypeByName("Usage");
        b.setField(token.findFieldByName("finish_reason"), "stop").setField(token.findFieldByName("usage"),
            DynamicMessage.newBuilder(usage).setField(usage.findFieldByName("prompt_tokens"), promptTokens)
                .setField(usage.findFieldByName("completion_tokens"), tokens).build());
      }
      reply.onNext(b.build());
      state.tally("grpc_messages_sent", 1);
      index++;
      if (last) {
        reply.onCompleted();
      } else {
        // on the schedule from the request, not from this token: a late token does not delay the rest
        long due = start + TimeUnit.MILLISECONDS.toNanos(ttft + (long) index * gap);
        timers.schedule(this::send, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    }
  }

  private static Object field(DynamicMessage m, String name) {
    return m.getField(m.getDescriptorForType().findFieldByName(name));
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> method(Descriptors.MethodDescriptor m,
      MethodDescriptor.MethodType type) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(m.getService().getFullName(), m.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
        .build();
  }

  /** The service's descriptor, carrying the schema the reflection service answers with. */
  private static ServiceDescriptor descriptor(Descriptors.ServiceDescriptor service, MethodDescriptor<?, ?> method) {
    ProtoFileDescriptorSupplier schema = () -> FILE;
    return ServiceDescriptor.newBuilder(service.getFullName()).setSchemaDescriptor(schema).addMethod(method).build();
  }
}
