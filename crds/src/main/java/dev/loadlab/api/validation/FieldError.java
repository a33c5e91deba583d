package dev.loadlab.api.validation;

/** One problem in a document: where (a field path like spec.scenarios[0].load.rate) and what to do. */
public record FieldError(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
