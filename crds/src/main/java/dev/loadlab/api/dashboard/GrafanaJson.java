package dev.loadlab.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Grafana dashboard JSON made fit for the Grafana sidecar and file provisioning, which do not resolve an export's
 * {@code __inputs}: {@code ${DS_...}} / {@code $DS_...} references (and the old string form of {@code datasource})
 * become the {@code ${datasource}} template variable, which is added when missing; {@code id} becomes null;
 * {@code schemaVersion} and {@code annotations} get defaults when absent. Used by the operator for every Dashboard
 * and by {@code loadlab dashboard-import} for files kept in a repository.
 */
public final class GrafanaJson {
  public static final int SCHEMA_VERSION = 39;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DS_INPUT = Pattern.compile("\\$\\{DS_[A-Za-z0-9_]+}|\\$DS_[A-Za-z0-9_]+");

  private GrafanaJson() {
  }

  /** Normalizes the model in place; a model that is not a JSON object is refused. */
  public static ObjectNode normalize(JsonNode model) {
    if (!(model instanceof ObjectNode root)) {
      throw new IllegalArgumentException("the dashboard JSON must be an object with panels, title, ...");
    }
    root.remove(List.of("__inputs", "__requires", "__elements"));
    replaceDatasourceInputs(root);
    root.putNull("id");
    if (!root.has("schemaVersion")) {
      root.put("schemaVersion", SCHEMA_VERSION);
    }
    if (!root.has("annotations")) {
      root.putObject("annotations").putArray("list");
    }
    ObjectNode templating = root.get("templating") instanceof ObjectNode t ? t : root.putObject("templating");
    ArrayNode list = templating.get("list") instanceof ArrayNode l ? l : templating.putArray("list");
    boolean hasDatasource = false;
    for (JsonNode v : list) {
      hasDatasource |= "datasource".equals(v.path("type").asText()) && "datasource".equals(v.path("name").asText());
    }
    if (!hasDatasource) {
      list.insert(0, datasourceVariable());
    }
    return root;
  }

  /** The {@code datasource} template variable every panel and target refers to. */
  public static ObjectNode datasourceVariable() {
    ObjectNode v = JSON.createObjectNode();
    v.put("name", "datasource").put("label", "Data source").put("type", "datasource").put("query", "prometheus");
    v.putObject("current").put("text", "").put("value", "");
    v.put("hide", 0).put("refresh", 1);
    v.putArray("options");
    return v;
  }

  private static String replaced(String text) {
    return DS_INPUT.matcher(text).replaceAll("\\${datasource}");
  }

  private static void replaceDatasourceInputs(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (e.getValue().isTextual() && DS_INPUT.matcher(e.getValue().asText()).find()) {
          String text = replaced(e.getValue().asText());
          // the old string form of a datasource reference; today's model (and schema) wants {type, uid}
          e.setValue("datasource".equals(e.getKey()) ? JSON.createObjectNode().put("type", "prometheus").put("uid", text)
              : new TextNode(text));
        } else {
          replaceDatasourceInputs(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual() && DS_INPUT.matcher(a.get(i).asText()).find()) {
          a.set(i, new TextNode(replaced(a.get(i).asText())));
        } else {
          replaceDatasourceInputs(a.get(i));
        }
      }
    }
  }
}
