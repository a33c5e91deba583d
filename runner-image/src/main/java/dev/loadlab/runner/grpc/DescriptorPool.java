package dev.loadlab.runner.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The .proto files a schema source gave (reflection answers or a FileDescriptorSet), built into descriptors when a
 * service is looked up. protobuf's well-known types (google/protobuf/*.proto) are known without being sent.
 */
final class DescriptorPool {
  private static final Map<String, Descriptors.FileDescriptor> WELL_KNOWN = Stream.of(
      com.google.protobuf.Any.getDescriptor(), com.google.protobuf.Timestamp.getDescriptor(),
      com.google.protobuf.Duration.getDescriptor(), com.google.protobuf.Empty.getDescriptor(),
      com.google.protobuf.Struct.getDescriptor(), com.google.protobuf.StringValue.getDescriptor(),
      com.google.protobuf.FieldMask.getDescriptor(), com.google.protobuf.DescriptorProtos.getDescriptor().findMessageTypeByName("FileDescriptorProto"))
      .map(Descriptors.Descriptor::getFile).distinct()
      .collect(java.util.stream.Collectors.toMap(Descriptors.FileDescriptor::getName, f -> f));

  private final Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
  private final Map<String, Descriptors.FileDescriptor> built = new HashMap<>();
  /** Where the files came from, for messages: "the server at grpc://..." or "ConfigMap x/y". */
  private final String source;

  DescriptorPool(String source) {
    this.source = source;
  }

  static DescriptorPool of(FileDescriptorSet set, String source) {
    var pool = new DescriptorPool(source);
    set.getFileList().forEach(pool::add);
    return pool;
  }

  void add(FileDescriptorProto file) {
    protos.putIfAbsent(file.getName(), file);
  }

  boolean has(String file) {
    return protos.containsKey(file) || WELL_KNOWN.containsKey(file);
  }

  /** Imports of the files held that are not held themselves. */
  List<String> missingImports() {
    return protos.values().stream().flatMap(f -> f.getDependencyList().stream()).filter(d -> !has(d)).distinct().toList();
  }

  /** What the server's reflection lists, when the pool came from reflection: every service it offers. */
  private List<String> listed;

  void listed(List<String> services) {
    this.listed = List.copyOf(services);
  }

  /** Full names of the services on offer: those reflection lists, else those the files define. */
  List<String> services() {
    if (listed != null) {
      return listed.stream().filter(s -> !s.startsWith("grpc.reflection.")).sorted().toList();
    }
    return protos.values().stream().flatMap(f -> f.getServiceList().stream()
        .map(s -> f.getPackage().isEmpty() ? s.getName() : f.getPackage() + "." + s.getName())).sorted().toList();
  }

  /** The service of that full name, or null when no file defines it. */
  Descriptors.ServiceDescriptor service(String fullName) throws SchemaException {
    for (var f : protos.values()) {
      String pkg = f.getPackage();
      for (var s : f.getServiceList()) {
        if ((pkg.isEmpty() ? s.getName() : pkg + "." + s.getName()).equals(fullName)) {
          return build(f.getName(), 0).findServiceByName(s.getName());
        }
      }
    }
    return null;
  }

  private Descriptors.FileDescriptor build(String name, int depth) throws SchemaException {
    var done = built.get(name);
    if (done != null) {
      return done;
    }
    if (WELL_KNOWN.containsKey(name) && !protos.containsKey(name)) {
      return WELL_KNOWN.get(name);
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new SchemaException("schema", source + " lacks " + name + ", which another of its files imports"
          + " (write a descriptor set with protoc --include_imports)");
    }
    if (depth > 100) {
      throw new SchemaException("schema", source + ": the imports of " + name + " go round in a circle");
    }
    var deps = new Descriptors.FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < deps.length; i++) {
      deps[i] = build(proto.getDependency(i), depth + 1);
    }
    try {
      var file = Descriptors.FileDescriptor.buildFrom(proto, deps);
      built.put(name, file);
      return file;
    } catch (Descriptors.DescriptorValidationException e) {
      throw new SchemaException("schema", source + ": " + name + " is not a valid schema: " + e.getMessage());
    }
  }
}
