package dev.loadlab.runner.grpc;

/** A gRPC schema that cannot be had or does not have what a step names; the message says why and what to do. */
final class SchemaException extends Exception {
  /** The field of the step it is about: "method", "schema", "message" or "target". */
  private final String field;

  SchemaException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
