package dev.loadlab.operator.grafana;

/** A dashboard that cannot be written: the message names the field and the fix. */
public class InvalidDashboardException extends RuntimeException {
  public InvalidDashboardException(String message) {
    super(message);
  }
}
