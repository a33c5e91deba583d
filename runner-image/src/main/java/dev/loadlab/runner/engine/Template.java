package dev.loadlab.runner.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code ${...}} placeholders, parsed once: {@code ${env.NAME}} (resolved when the test is
 * compiled), {@code ${vars.NAME}}, {@code ${vu}}, {@code ${iteration}}, {@code ${scenario}} (per request).
 */
public final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
  private final String constant;
  private final Object[] parts;
  private final boolean json;

  private Template(String constant, Object[] parts, boolean json) {
    this.constant = constant;
    this.parts = parts;
    this.json = json;
  }

  /** Parses a template; unknown placeholders and missing env variables are errors with the fix. */
  public static Template parse(String text, Map<String, String> env) {
    return parse(text, env, false);
  }

  /**
   * Parses a template of JSON text, whose placeholders sit inside JSON strings (the json body is written as
   * YAML, so they always do): every value filled in is escaped as JSON string content.
   */
  public static Template parseJson(String text, Map<String, String> env) {
    return parse(text, env, true);
  }

  private static Template parse(String text, Map<String, String> env, boolean json) {
    if (text == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    var parts = new ArrayList<Object>();
    var literal = new StringBuilder();
    int last = 0;
    while (m.find()) {
      literal.append(text, last, m.start());
      String ref = m.group(1).trim();
      if (ref.startsWith("env.")) {
        String name = ref.substring(4);
        String value = env.get(name);
        if (value == null) {
          throw new IllegalArgumentException("${" + ref + "}: environment variable " + name + " is not set; "
              + "export it, or declare it in spec.env");
        }
        literal.append(json ? escape(value) : value);
      } else if (ref.startsWith("vars.") || ref.equals("vu") || ref.equals("iteration") || ref.equals("scenario")) {
        if (!literal.isEmpty()) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(new Ref(ref.startsWith("vars.") ? ref.substring(5) : null, ref));
      } else {
        throw new IllegalArgumentException("${" + ref + "} is not a known placeholder; use ${env.NAME}, "
            + "${vars.NAME}, ${vu}, ${iteration} or ${scenario}");
      }
      last = m.end();
    }
    literal.append(text.substring(last));
    if (parts.isEmpty()) {
      return new Template(literal.toString(), null, json);
    }
    if (!literal.isEmpty()) {
      parts.add(literal.toString());
    }
    return new Template(null, parts.toArray(), json);
  }

  private static String escape(String value) {
    return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value));
  }

  public boolean isConstant() {
    return constant != null;
  }

  /** The text with this VU's values filled in. */
  public String render(VirtualUser vu) {
    if (constant != null) {
      return constant;
    }
    var sb = new StringBuilder(64);
    for (Object part : parts) {
      if (part instanceof String s) {
        sb.append(s);
      } else {
        Ref ref = (Ref) part;
        if (ref.var != null) {
          Object v = vu.variable(ref.var);
          String text = v == null ? "" : format(v);
          sb.append(json ? escape(text) : text);
        } else {
          switch (ref.whole) {
            case "vu" -> sb.append(vu.id());
            case "iteration" -> sb.append(vu.iteration());
            default -> sb.append(vu.scenario().name());
          }
        }
      }
    }
    return sb.toString();
  }

  private static String format(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  private record Ref(String var, String whole) {
  }

  /** Parses every template of a list of strings. */
  static List<Template> all(List<String> texts, Map<String, String> env) {
    return texts.stream().map(t -> parse(t, env)).toList();
  }
}
