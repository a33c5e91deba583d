package dev.loadlab.runner.metrics;

/** The series a request belongs to: its scenario and its resource label ("GET /items/{id}"). */
public record ResourceKey(String scenario, String resource) {
}
