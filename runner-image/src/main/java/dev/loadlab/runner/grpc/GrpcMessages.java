package dev.loadlab.runner.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic protobuf messages in and out: a request written as JSON (protobuf's JSON mapping) into a message of the
 * method's input type, and a reply into what CEL expressions read: a map by JSON field name (lowerCamelCase), every
 * scalar present (proto3 defaults included), numbers as double like JSON's, enums by name, bytes as base64, messages
 * only when set (so {@code has(response.message.usage)} asks whether it came).
 */
public final class GrpcMessages {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private GrpcMessages() {
  }

  /** The request message; throws with protobuf's reason (e.g. "Cannot find field: skux in message ...ItemRequest"). */
  public static DynamicMessage parse(String json, Descriptors.Descriptor type) throws InvalidProtocolBufferException {
    var b = DynamicMessage.newBuilder(type);
    PARSER.merge(json, b);
    return b.build();
  }

  /** The message as CEL sees it. */
  public static Map<String, Object> toCel(Message m) {
    var out = new HashMap<String, Object>();
    for (var f : m.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        if (f.isMapField()) {
          var map = new HashMap<Object, Object>();
          for (Object entry : (List<?>) m.getField(f)) {
            var e = (Message) entry;
            var d = e.getDescriptorForType();
            map.put(String.valueOf(value(d.findFieldByNumber(1), e.getField(d.findFieldByNumber(1)))),
                value(d.findFieldByNumber(2), e.getField(d.findFieldByNumber(2))));
          }
          out.put(f.getJsonName(), map);
        } else {
          var list = new ArrayList<Object>();
          for (Object v : (List<?>) m.getField(f)) {
            list.add(value(f, v));
          }
          out.put(f.getJsonName(), list);
        }
      } else if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE || f.hasPresence()) {
        if (m.hasField(f)) { // messages, oneof members and optional scalars: only when set
          out.put(f.getJsonName(), value(f, m.getField(f)));
        }
      } else {
        out.put(f.getJsonName(), value(f, m.getField(f)));
      }
    }
    return out;
  }

  private static Object value(Descriptors.FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT -> f.getType() == Descriptors.FieldDescriptor.Type.UINT32 || f.getType() == Descriptors.FieldDescriptor.Type.FIXED32
          ? (double) Integer.toUnsignedLong((Integer) v) : ((Integer) v).doubleValue();
      case LONG -> f.getType() == Descriptors.FieldDescriptor.Type.UINT64 || f.getType() == Descriptors.FieldDescriptor.Type.FIXED64
          ? Double.parseDouble(Long.toUnsignedString((Long) v)) : ((Long) v).doubleValue();
      case FLOAT, DOUBLE -> ((Number) v).doubleValue();
      case BOOLEAN, STRING -> v;
      case BYTE_STRING -> Base64.getEncoder().encodeToString(((com.google.protobuf.ByteString) v).toByteArray());
      case ENUM -> ((Descriptors.EnumValueDescriptor) v).getName();
      case MESSAGE -> toCel((Message) v);
    };
  }
}
