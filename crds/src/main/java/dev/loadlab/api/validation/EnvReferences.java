package dev.loadlab.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code ${env.NAME}} placeholders of a LoadTest's templates that {@code spec.env} does not declare. In a cluster
 * the runner pods get their environment from spec.env alone, so such a test cannot start there: the operator refuses
 * it before any pod starts. Locally the shell may export the variable, so {@code loadlab validate} only warns.
 */
public final class EnvReferences {
  /** As the runner's templates read them: {@code ${env.NAME}}, spaces allowed inside the braces. */
  private static final Pattern ENV = Pattern.compile("\\$\\{\\s*env\\.([^}\\s]+)\\s*}");

  private EnvReferences() {
  }

  public static List<FieldError> undeclared(LoadTestSpec spec) {
    Set<String> declared = spec.env == null ? Set.of()
        : spec.env.stream().map(e -> e.name).filter(n -> n != null).collect(Collectors.toSet());
    var errors = new ArrayList<FieldError>();
    BiConsumer<String, String> text = (path, value) -> {
      if (value == null) {
        return;
      }
      Matcher m = ENV.matcher(value);
      while (m.find()) {
        String name = m.group(1);
        if (!declared.contains(name)) {
          errors.add(new FieldError(path, "${env." + name + "} is not declared in spec.env; in a cluster the runners get "
              + "variables from spec.env only: add {name: " + name + ", value: ...} or {name: " + name
              + ", valueFrom: {secretKeyRef: {name: ..., key: ...}}}"));
        }
      }
    };
    text.accept("spec.target", spec.target);
    if (spec.scenarios != null) {
      for (int i = 0; i < spec.scenarios.size(); i++) {
        steps(spec.scenarios.get(i).steps, "spec.scenarios[" + i + "].steps", text);
      }
    }
    return errors.stream().distinct().toList();
  }

  private static void steps(List<Step> steps, String path, BiConsumer<String, String> text) {
    if (steps == null) {
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      Step st = steps.get(i);
      String p = path + "[" + i + "]";
      if (st == null) {
        continue;
      }
      if (st.http != null) {
        String h = p + ".http";
        text.accept(h + ".url", st.http.url);
        map(st.http.headers, h + ".headers", text);
        map(st.http.query, h + ".query", text);
        map(st.http.form, h + ".form", text);
        text.accept(h + ".body", st.http.body);
        json(st.http.json, h + ".json", text);
      }
      if (st.websocket != null) {
        String w = p + ".websocket";
        text.accept(w + ".url", st.websocket.url);
        map(st.websocket.headers, w + ".headers", text);
        if (st.websocket.send != null) {
          for (int j = 0; j < st.websocket.send.size(); j++) {
            var msg = st.websocket.send.get(j);
            text.accept(w + ".send[" + j + "].text", msg.text);
            json(msg.json, w + ".send[" + j + "].json", text);
          }
        }
      }
      if (st.grpc != null) {
        String g = p + ".grpc";
        text.accept(g + ".target", st.grpc.target);
        map(st.grpc.metadata, g + ".metadata", text);
        json(st.grpc.message, g + ".message", text);
      }
      if (st.group != null) {
        steps(st.group.steps, p + ".group.steps", text);
      }
    }
  }

  private static void map(Map<String, String> values, String path, BiConsumer<String, String> text) {
    if (values != null) {
      values.forEach((k, v) -> text.accept(path + "." + k, v));
    }
  }

  private static void json(JsonNode node, String path, BiConsumer<String, String> text) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      text.accept(path, node.asText());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        json(node.get(i), path + "[" + i + "]", text);
      }
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> json(e.getValue(), path + "." + e.getKey(), text));
    }
  }
}
