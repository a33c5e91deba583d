package dev.loadlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdSyncTest {
  static final boolean UPDATE = Boolean.getBoolean("loadlab.update");

  @ParameterizedTest
  @ValueSource(strings = {"loadtests", "dashboards"})
  void checkedInCrdIsWhatTheTypesGenerate(String plural) throws IOException {
    String expected = CrdFiles.finished(plural);
    if (UPDATE) {
      Files.createDirectories(CrdFiles.CHECKED_IN);
      Files.writeString(CrdFiles.checkedIn(plural), expected);
    }

    assertThat(CrdFiles.read(CrdFiles.checkedIn(plural)))
        .as("crds/%s differs from what the Java types generate; regenerate with "
            + "./mvnw -pl crds verify -Dloadlab.update=true and commit it", CrdFiles.checkedIn(plural))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"loadtests", "dashboards"})
  void everyFieldHasADescription(String plural) throws IOException {
    JsonNode schema = CrdFiles.generated(plural).at("/spec/versions/0/schema/openAPIV3Schema");
    var missing = new ArrayList<String>();
    collectUndescribed(schema.path("properties").path("spec"), "spec", missing);
    collectUndescribed(schema.path("properties").path("status"), "status", missing);

    assertThat(missing).as("fields without a description (kubectl explain shows nothing)").isEmpty();
  }

  /** Kubernetes' own types (affinity, tolerations, resources) are described by kubectl explain pod. */
  private static final List<String> KUBERNETES_TYPES = List.of("affinity", "tolerations", "resources");

  private static void collectUndescribed(JsonNode node, String path, List<String> missing) {
    if (!node.has("description")) {
      missing.add(path);
    }
    String last = path.substring(path.lastIndexOf('.') + 1);
    if (KUBERNETES_TYPES.contains(last)) {
      return;
    }
    node.path("properties").fields().forEachRemaining(e -> collectUndescribed(e.getValue(), path + "." + e.getKey(), missing));
    if (node.has("items") && node.get("items").has("properties")) {
      node.get("items").path("properties").fields()
          .forEachRemaining(e -> collectUndescribed(e.getValue(), path + "[]." + e.getKey(), missing));
    }
  }
}
