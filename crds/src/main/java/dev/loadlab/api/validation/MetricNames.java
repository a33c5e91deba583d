package dev.loadlab.api.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for user metric names: Testable's (1-255 characters, no '-', no "__") and Prometheus's
 * (letters, digits and '_', not starting with a digit), and no clash with what the exporter adds.
 */
public final class MetricNames {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final String[] EXPORTER_SUFFIXES = {"_total", "_bucket", "_count", "_sum", "_created", "_info"};

  private MetricNames() {
  }

  /** Why the name cannot be used, with the fix; empty when it can. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a metric needs a name, e.g. llm_prompt_tokens");
    }
    if (name.length() > 255) {
      return Optional.of("\"" + name.substring(0, 20) + "...\" is " + name.length() + " characters; at most 255");
    }
    if (name.contains("-")) {
      return Optional.of("\"" + name + "\" contains '-'; use '_' (" + name.replace('-', '_') + ")");
    }
    if (name.contains("__")) {
      return Optional.of("\"" + name + "\" contains \"__\", which Prometheus reserves; use a single '_'");
    }
    if (!LEGAL.matcher(name).matches()) {
      return Optional.of("\"" + name + "\" is not a legal metric name; use letters, digits and '_', "
          + "not starting with a digit");
    }
    if (name.startsWith(BuiltInMetric.PROMETHEUS_PREFIX)) {
      return Optional.of("\"" + name + "\" starts with " + BuiltInMetric.PROMETHEUS_PREFIX
          + ", which is reserved for built-in metrics; choose another prefix");
    }
    if (BuiltInMetric.byName(name).isPresent()) {
      return Optional.of("\"" + name + "\" is a built-in metric; choose another name");
    }
    for (String suffix : EXPORTER_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return Optional.of("\"" + name + "\" ends in " + suffix + ", which the Prometheus exporter adds itself; "
            + "drop the suffix");
      }
    }
    return Optional.empty();
  }
}
