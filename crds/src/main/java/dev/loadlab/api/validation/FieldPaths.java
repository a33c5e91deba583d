package dev.loadlab.api.validation;

import java.util.regex.Pattern;

/** Field paths as users read them: spec.scenarios[0].steps[2].http.metrics[1].name. */
public final class FieldPaths {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FieldPaths() {
  }

  public static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** A map entry: plain keys as .key, others quoted as ["key"]. */
  public static String key(String parent, String key) {
    return PLAIN_KEY.matcher(key).matches() ? child(parent, key) : parent + "[\"" + key + "\"]";
  }

  /** Turns networknt's JSON path ($.spec.scenarios[0] or $['spec']) into ours. */
  static String fromJsonPath(String jsonPath) {
    String p = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
    p = p.replaceAll("\\['([A-Za-z_][A-Za-z0-9_]*)'\\]", ".$1").replaceAll("\\['([^']*)'\\]", "[\"$1\"]");
    return p.startsWith(".") ? p.substring(1) : p;
  }
}
