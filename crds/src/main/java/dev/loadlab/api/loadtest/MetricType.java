package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonValue;

public enum MetricType {
  /** Distribution: min, max, mean, stddev, count and percentiles. */
  TREND("trend"),
  /** A trend of durations; units default to ms. */
  TIMING("timing"),
  /** Running total; may go down. */
  COUNTER("counter"),
  /** Share of non-zero values. */
  RATE("rate"),
  /** Last value, with min and max kept. */
  GAUGE("gauge"),
  /** Count per key bucket, with the total and each bucket's percent. */
  HISTOGRAM("histogram");

  private final String id;

  MetricType(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }
}
