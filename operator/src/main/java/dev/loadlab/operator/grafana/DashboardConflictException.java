package dev.loadlab.operator.grafana;

/** The place a dashboard would be written to holds an object that is not this resource's: nothing is overwritten. */
public class DashboardConflictException extends RuntimeException {
  public DashboardConflictException(String message) {
    super(message);
  }
}
