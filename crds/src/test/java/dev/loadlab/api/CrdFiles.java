package dev.loadlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The CRDs as checked in under crds/yaml: what the Fabric8 generator writes, finished with what it
 * cannot do yet: printer columns in the order they are declared on the class (it sorts them by path,
 * fabric8io/kubernetes-client#7454), so that kubectl get shows Phase first and Age last.
 */
final class CrdFiles {
  static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  static final Path CHECKED_IN = Path.of("yaml");
  static final Map<String, Class<?>> KINDS = Map.of("loadtests", LoadTest.class, "dashboards", Dashboard.class);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private CrdFiles() {
  }

  static Path checkedIn(String plural) {
    return CHECKED_IN.resolve(plural + ".loadlab.dev.yaml");
  }

  static JsonNode generated(String plural) throws IOException {
    return YAML.readTree(GENERATED.resolve(plural + ".loadlab.dev-v1.yml").toFile());
  }

  /** The finished CRD text for a plural name, from the generator's output. */
  static String finished(String plural) throws IOException {
    JsonNode crd = generated(plural);
    var description = KINDS.get(plural).getAnnotation(com.fasterxml.jackson.annotation.JsonClassDescription.class);
    List<String> order = Arrays.stream(KINDS.get(plural).getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (JsonNode version : crd.path("spec").path("versions")) {
      // The generator leaves the root undescribed; kubectl explain shows this text for the kind.
      ((ObjectNode) version.path("schema").path("openAPIV3Schema")).put("description", description.value());
      if (version.has("additionalPrinterColumns")) {
        var columns = new ArrayList<JsonNode>();
        version.get("additionalPrinterColumns").forEach(columns::add);
        columns.sort(Comparator.comparingInt(c -> order.indexOf(c.path("name").asText())));
        ArrayNode sorted = ((ObjectNode) version).putArray("additionalPrinterColumns");
        columns.forEach(sorted::add);
      }
    }
    return "# Generated from the Java types in crds/src/main/java by the Fabric8 CRD generator; do not edit.\n"
        + "# Regenerate: ./mvnw -pl crds verify -Dloadlab.update=true\n"
        + YAML.writeValueAsString(crd);
  }

  static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
