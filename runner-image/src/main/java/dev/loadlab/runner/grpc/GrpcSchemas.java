package dev.loadlab.runner.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.TestPlan;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The schema of every gRPC step of a plan, read once before the load starts: by server reflection (one session per
 * server), or from a FileDescriptorSet in a ConfigMap (mounted in the runner pod under {@code configMapDir}/NAME/KEY).
 * What cannot be had — a server without reflection, a service or method it does not know, a client-streaming method, a
 * request message with a field the input type lacks — is an error naming the step's field, before any load.
 */
public final class GrpcSchemas {
  /** A step's method, ready to call; {@code request}: the step's message when it is constant (written once), or null. */
  public record Method(MethodDescriptor<DynamicMessage, DynamicMessage> call, Descriptors.MethodDescriptor proto,
      DynamicMessage request) {
    public boolean serverStreaming() {
      return proto.isServerStreaming();
    }

    public Descriptors.Descriptor input() {
      return proto.getInputType();
    }
  }

  private GrpcSchemas() {
  }

  /** Every gRPC step's method by the step's path; throws with every problem found, each at its field. */
  public static Map<String, Method> resolve(TestPlan plan, GrpcChannels channels, EventLoopGroup group, Path configMapDir) {
    var calls = new ArrayList<CompiledStep.GrpcCall>();
    plan.scenarios().forEach(s -> {
      for (var step : s.steps()) {
        if (step instanceof CompiledStep.GrpcCall g) {
          calls.add(g);
        }
      }
    });
    if (calls.isEmpty()) {
      return Map.of();
    }
    var errors = new ArrayList<FieldError>();
    var pools = new HashMap<String, Object>(); // source -> DescriptorPool or SchemaException
    var wanted = new TreeMap<String, LinkedHashSet<String>>();
    calls.stream().filter(c -> c.schema() == null)
        .forEach(c -> wanted.computeIfAbsent(c.target(), t -> new LinkedHashSet<>()).add(service(c.method())));
    var methods = new HashMap<String, Method>();
    for (var c : calls) {
      String source = c.schema() == null ? c.target() : "configmap:" + c.schema();
      Object pool = pools.computeIfAbsent(source, k -> load(c, wanted.get(c.target()), channels, group, configMapDir));
      try {
        if (pool instanceof SchemaException e) {
          throw e;
        }
        var m = method((DescriptorPool) pool, c);
        if (c.message().isConstant()) {
          m = new Method(m.call(), m.proto(), GrpcMessages.parse(c.message().render(null), m.input()));
        }
        methods.put(c.path(), m);
      } catch (SchemaException e) {
        errors.add(new FieldError(c.path() + "." + (e.field().equals("schema") && c.schema() != null
            ? "schema.configMapKeyRef" : e.field()), e.getMessage()));
      } catch (InvalidProtocolBufferException e) {
        errors.add(new FieldError(c.path() + ".message", "not a " + c.method() + " request: " + e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidResourceException("LoadTest " + plan.name(), errors.stream().distinct().toList());
    }
    return Map.copyOf(methods);
  }

  private static Object load(CompiledStep.GrpcCall c, java.util.Set<String> services, GrpcChannels channels,
      EventLoopGroup group, Path configMapDir) {
    try {
      if (c.schema() != null) {
        return descriptorSet(c.schema(), configMapDir);
      }
      var channel = channels.open(c.target(), group, Runnable::run);
      try {
        return ServerReflection.read(channel, c.target(), services);
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (SchemaException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SchemaException("target", "interrupted while reading the schema of " + c.target());
    }
  }

  private static DescriptorPool descriptorSet(String nameAndKey, Path configMapDir) throws SchemaException {
    String[] parts = nameAndKey.split("/", 2);
    if (configMapDir == null) {
      throw new SchemaException("schema", "ConfigMap " + parts[0] + " is read in a cluster; to run locally, pass "
          + "--configmap-dir DIR with the descriptor set at DIR/" + parts[0] + "/" + parts[1]);
    }
    Path file = configMapDir.resolve(parts[0]).resolve(parts[1]);
    try {
      return DescriptorPool.of(FileDescriptorSet.parseFrom(Files.readAllBytes(file)), "ConfigMap " + nameAndKey);
    } catch (NoSuchFileException e) {
      throw new SchemaException("schema", "no " + file + ": ConfigMap " + parts[0] + " lacks the key " + parts[1]
          + ", or it was not mounted (kubectl create configmap " + parts[0] + " --from-file=" + parts[1] + "=api.protoset)");
    } catch (InvalidProtocolBufferException e) {
      throw new SchemaException("schema", "ConfigMap " + nameAndKey + " is not a FileDescriptorSet (write one with protoc "
          + "--descriptor_set_out=FILE --include_imports): " + e.getMessage());
    } catch (IOException e) {
      throw new SchemaException("schema", "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Method method(DescriptorPool pool, CompiledStep.GrpcCall c) throws SchemaException {
    String service = service(c.method());
    String name = c.method().substring(c.method().indexOf('/') + 1);
    Descriptors.ServiceDescriptor s = pool.service(service);
    if (s == null) {
      List<String> offered = pool.services();
      throw new SchemaException("method", (c.schema() == null ? "the server at " + c.target() : "ConfigMap " + c.schema())
          + " has no service " + service + (offered.isEmpty() ? "" : "; it has " + String.join(", ", offered)));
    }
    Descriptors.MethodDescriptor m = s.findMethodByName(name);
    if (m == null) {
      throw new SchemaException("method", "service " + service + " has no method " + name + "; it has "
          + String.join(", ", s.getMethods().stream().map(Descriptors.MethodDescriptor::getName).toList()));
    }
    if (m.isClientStreaming()) {
      throw new SchemaException("method", c.method() + " streams requests from the client; gRPC steps call unary and "
          + "server-streaming methods");
    }
    var call = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(m.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(s.getFullName(), m.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
        .build();
    return new Method(call, m, null);
  }

  private static String service(String method) {
    return method.substring(0, method.indexOf('/'));
  }
}
