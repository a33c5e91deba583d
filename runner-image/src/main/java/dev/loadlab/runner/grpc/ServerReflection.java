package dev.loadlab.runner.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server's schema through its reflection service: the services it lists, the files that define the ones asked
 * for, and the files those import. Tries grpc.reflection.v1, then v1alpha (the same messages on the wire under the
 * older name, which many servers still offer alone). Blocking: called before the load starts, never on an event loop.
 */
final class ServerReflection {
  private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1 =
      ServerReflectionGrpc.getServerReflectionInfoMethod();
  private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1ALPHA = V1.toBuilder()
      .setFullMethodName("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").build();
  private static final long WAIT_SECONDS = 15;
  private static final Object DONE = new Object();

  private ServerReflection() {
  }

  /** The services the server at {@code target} lists, with the files of those in {@code wanted} and their imports. */
  static DescriptorPool read(ManagedChannel channel, String target, Collection<String> wanted) throws SchemaException {
    var pool = new DescriptorPool("the server at " + target);
    try {
      try {
        session(channel, V1, pool, wanted);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        session(channel, V1ALPHA, pool, wanted);
      }
    } catch (StatusRuntimeException e) {
      throw new SchemaException("target", switch (e.getStatus().getCode()) {
        case UNIMPLEMENTED -> target + " does not offer the reflection service (grpc.reflection.v1 nor v1alpha): enable "
            + "it on the server, or give the schema as a FileDescriptorSet in schema.configMapKeyRef";
        case UNAVAILABLE -> "cannot reach " + target + " to read its schema by reflection: " + describe(e.getStatus());
        default -> target + " did not answer the reflection service: " + describe(e.getStatus());
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaException("target", "interrupted while reading the schema of " + target);
    }
    return pool;
  }

  private static String describe(Status s) {
    String why = s.getDescription() == null ? "" : s.getDescription();
    if (s.getCause() != null && s.getCause().getMessage() != null) {
      why = why.isEmpty() ? s.getCause().getMessage() : why + ": " + s.getCause().getMessage();
    }
    return s.getCode() + (why.isEmpty() ? "" : " (" + why + ")");
  }

  private static void session(ManagedChannel channel, MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method,
      DescriptorPool pool, Collection<String> wanted) throws InterruptedException, SchemaException {
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> requests = ClientCalls.asyncBidiStreamingCall(
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(WAIT_SECONDS * 2, TimeUnit.SECONDS)),
        new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {
            answers.add(t);
          }

          @Override
          public void onCompleted() {
            answers.add(DONE);
          }
        });
    try {
      var listed = ask(requests, answers, ServerReflectionRequest.newBuilder().setListServices("*").build());
      var names = listed.getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
      for (String service : wanted) {
        if (!names.contains(service)) {
          continue; // the caller names what is missing, with what the server does list
        }
        addFiles(pool, ask(requests, answers, ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build()));
      }
      for (List<String> missing = pool.missingImports(); !missing.isEmpty(); missing = pool.missingImports()) {
        for (String file : missing) {
          var answer = ask(requests, answers, ServerReflectionRequest.newBuilder().setFileByFilename(file).build());
          if (answer.hasErrorResponse()) {
            throw new SchemaException("target", "the reflection service of the server does not give " + file + ", which "
                + "its schema imports: " + answer.getErrorResponse().getErrorMessage());
          }
          addFiles(pool, answer);
        }
      }
      pool.listed(names);
    } finally {
      requests.onCompleted();
    }
  }

  private static void addFiles(DescriptorPool pool, ServerReflectionResponse answer) throws SchemaException {
    for (ByteString bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        pool.add(FileDescriptorProto.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        throw new SchemaException("target", "the reflection service sent a file descriptor that does not parse: "
            + e.getMessage());
      }
    }
  }

  private static ServerReflectionResponse ask(StreamObserver<ServerReflectionRequest> requests, BlockingQueue<Object> answers,
      ServerReflectionRequest request) throws InterruptedException {
    requests.onNext(request);
    Object answer = answers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (answer == null) {
      throw Status.DEADLINE_EXCEEDED.withDescription("no answer in " + WAIT_SECONDS + " s").asRuntimeException();
    }
    if (answer instanceof Throwable t) {
      throw Status.fromThrowable(t).asRuntimeException();
    }
    if (answer == DONE) {
      throw Status.UNKNOWN.withDescription("the server ended the reflection stream").asRuntimeException();
    }
    return (ServerReflectionResponse) answer;
  }
}
