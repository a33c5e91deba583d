package dev.loadlab.operator.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana's own JSON schemas (../shared/grafana-schema): the dashboard model, each panel type's options and
 * custom field config, and the Prometheus query. Returns every violation, each with where it is.
 */
final class GrafanaSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private final Path dir;
  private final JsonSchema dashboard;
  private final JsonSchema prometheus;
  private final Map<String, JsonSchema[]> panels = new HashMap<>();

  private GrafanaSchema(Path dir) throws IOException {
    this.dir = dir;
    dashboard = FACTORY.getSchema(JSON.readTree(dir.resolve("dashboard.jsonschema.json").toFile()));
    prometheus = FACTORY.getSchema(JSON.readTree(dir.resolve("prometheus.jsonschema.json").toFile()));
  }

  static GrafanaSchema loadOrSkip() throws IOException {
    Path dir = Path.of(System.getenv().getOrDefault("LOADLAB_GRAFANA_SCHEMA", "../../shared/grafana-schema"));
    boolean present = Files.isRegularFile(dir.resolve("dashboard.jsonschema.json"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must validate dashboards: ../shared/grafana-schema is missing");
    }
    assumeTrue(present, "no Grafana schemas at " + dir.toAbsolutePath() + " (set LOADLAB_GRAFANA_SCHEMA)");
    return new GrafanaSchema(dir);
  }

  /** The panel type's Options and FieldConfig schemas, or null when the folder has none for that type. */
  private JsonSchema[] panelSchemas(String type) {
    return panels.computeIfAbsent(type, t -> {
      Path f = dir.resolve(t + ".jsonschema.json");
      if (!Files.isRegularFile(f)) {
        return null;
      }
      try {
        JsonNode defs = JSON.readTree(f.toFile()).get("definitions");
        ObjectNode options = JSON.createObjectNode().put("$ref", "#/definitions/Options");
        options.set("definitions", defs);
        ObjectNode field = JSON.createObjectNode().put("$ref", "#/definitions/FieldConfig");
        field.set("definitions", defs);
        return new JsonSchema[] {FACTORY.getSchema(options), defs.has("FieldConfig") ? FACTORY.getSchema(field) : null};
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  List<String> violations(JsonNode d) {
    var out = new ArrayList<String>();
    dashboard.validate(d).forEach(m -> out.add("dashboard: " + m.getMessage()));
    for (JsonNode p : d.path("panels")) {
      String where = "panel \"" + p.path("title").asText() + "\"";
      JsonSchema[] s = panelSchemas(p.path("type").asText());
      if (s != null) {
        if (p.has("options")) {
          s[0].validate(p.get("options")).forEach(m -> out.add(where + " options: " + m.getMessage()));
        }
        if (s[1] != null && p.path("fieldConfig").path("defaults").has("custom")) {
          s[1].validate(p.path("fieldConfig").path("defaults").get("custom")).forEach(m -> out.add(where + " custom: " + m.getMessage()));
        }
      }
      for (JsonNode t : p.path("targets")) {
        prometheus.validate(t).forEach(m -> out.add(where + " target: " + m.getMessage()));
      }
    }
    return out;
  }

  void assertValid(String name, JsonNode d) {
    assertThat(violations(d)).as(name + " against Grafana's schema").isEmpty();
  }
}
