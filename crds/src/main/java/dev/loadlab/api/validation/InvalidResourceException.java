package dev.loadlab.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A LoadTest or Dashboard that cannot be run; carries every problem found, not only the first. */
public class InvalidResourceException extends RuntimeException {
  private final transient List<FieldError> errors;

  public InvalidResourceException(String source, List<FieldError> errors) {
    super(describe(source, errors));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String describe(String source, List<FieldError> errors) {
    String head = source + ": " + errors.size() + (errors.size() == 1 ? " problem" : " problems");
    return head + errors.stream().map(e -> "\n  - " + e).collect(Collectors.joining());
  }
}
