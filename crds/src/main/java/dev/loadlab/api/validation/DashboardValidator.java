package dev.loadlab.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.dashboard.DashboardSpec;
import dev.loadlab.api.dashboard.Panel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** What the schema cannot say about a Dashboard: the JSON sources hold a dashboard model, panels make sense. */
public final class DashboardValidator {
  /** A ConfigMap holds at most 1 MiB, and the Grafana sidecar cannot unpack gzip. */
  public static final int MAX_MODEL_BYTES = 1024 * 1024 - 16 * 1024;
  /** Grafana uids starting with this belong to the dashboards the operator generates for LoadTests. */
  public static final String GENERATED_UID_PREFIX = "lt_";
  /** The uid of the Helm chart's "Load test overview" dashboard. */
  public static final String OVERVIEW_UID = "loadlab-overview";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private DashboardValidator() {
  }

  public static List<FieldError> validate(DashboardSpec spec) {
    var errors = new ArrayList<FieldError>();
    if (spec.uid != null && spec.uid.startsWith(GENERATED_UID_PREFIX)) {
      errors.add(new FieldError("spec.uid", "\"" + spec.uid + "\" starts with \"" + GENERATED_UID_PREFIX
          + "\", which is kept for the dashboards generated for LoadTests; choose another uid"));
    }
    if (OVERVIEW_UID.equals(spec.uid)) {
      errors.add(new FieldError("spec.uid", "\"" + spec.uid + "\" is the uid of the Helm chart's \"Load test overview\"; "
          + "choose another uid"));
    }
    if (spec.json != null) {
      model(spec.json, "spec.json", errors);
    }
    if (spec.gzipJson != null) {
      try {
        byte[] packed = Base64.getMimeDecoder().decode(spec.gzipJson);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
          model(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "spec.gzipJson", errors);
        }
      } catch (IllegalArgumentException | IOException e) {
        errors.add(new FieldError("spec.gzipJson", "is not base64 of gzipped JSON (" + e.getMessage()
            + "); produce it with: gzip -c dashboard.json | base64 -w0"));
      }
    }
    if (spec.panels != null) {
      for (int i = 0; i < spec.panels.size(); i++) {
        panel(spec.panels.get(i), "spec.panels[" + i + "]", errors);
      }
    }
    return errors;
  }

  private static void model(String json, String path, List<FieldError> errors) {
    if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MODEL_BYTES) {
      errors.add(new FieldError(path, "the dashboard model is larger than a ConfigMap can hold (1 MiB); "
          + "split it into several dashboards"));
      return;
    }
    JsonNode model;
    try {
      model = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      errors.add(new FieldError(path, "is not valid JSON: " + e.getOriginalMessage()));
      return;
    }
    if (model == null || !model.isObject()) {
      errors.add(new FieldError(path, "must be a JSON object (a Grafana dashboard model)"));
      return;
    }
    if (!model.has("panels") && !model.has("rows")) {
      errors.add(new FieldError(path, "has no panels; export the dashboard from Grafana with "
          + "Share > Export > Save to file"));
    }
  }

  private static void panel(Panel panel, String path, List<FieldError> errors) {
    if (panel.metric != null && BuiltInMetric.byName(panel.metric).isEmpty()) {
      MetricNames.problem(panel.metric).ifPresent(p -> errors.add(new FieldError(path + ".metric", p)));
    }
    if (panel.by != null && !LABEL.matcher(panel.by).matches()) {
      errors.add(new FieldError(path + ".by", "\"" + panel.by + "\" is not a label name; use letters, digits and _"));
    }
    if (panel.query != null && panel.aggregation != null) {
      errors.add(new FieldError(path + ".aggregation", "applies to metric, not to a PromQL query; drop it"));
    }
  }
}
