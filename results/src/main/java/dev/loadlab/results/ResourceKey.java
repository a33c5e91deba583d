package dev.loadlab.results;

import java.util.Map;

/**
 * The series a request belongs to: its scenario, its resource label ("GET /items/{id}") and the user's tags
 * (scenario and step tags, fixed when the test is compiled, so they cannot grow the number of series).
 */
public record ResourceKey(String scenario, String resource, Map<String, String> tags) {
  public ResourceKey {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public ResourceKey(String scenario, String resource) {
    this(scenario, resource, Map.of());
  }
}
