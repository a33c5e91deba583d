package dev.loadlab.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The Argo CD health check from docs/gitops, run as Argo CD runs it: obj in, hs out. */
class ArgoCdHealthCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT = Path.of("..", "docs", "gitops", "argocd-loadtest-health.lua");

  private static LuaValue lua(JsonNode n) {
    if (n.isObject()) {
      var t = new LuaTable();
      n.fields().forEachRemaining(e -> t.set(e.getKey(), lua(e.getValue())));
      return t;
    }
    if (n.isArray()) {
      var t = new LuaTable();
      for (int i = 0; i < n.size(); i++) {
        t.set(i + 1, lua(n.get(i)));
      }
      return t;
    }
    if (n.isNumber()) {
      return LuaValue.valueOf(n.asDouble());
    }
    if (n.isBoolean()) {
      return LuaValue.valueOf(n.asBoolean());
    }
    return n.isNull() ? LuaValue.NIL : LuaValue.valueOf(n.asText());
  }

  @ParameterizedTest(name = "{0}, generation {1}, observed {2} -> {3}")
  @CsvSource({
      "Succeeded, 2, 2, Healthy",
      "Failed,    2, 2, Degraded",
      "Aborted,   1, 1, Degraded",
      "Invalid,   1, 1, Degraded",
      "Inconclusive, 1, 1, Degraded",
      "Running,   1, 1, Progressing",
      "Pending,   1, 1, Progressing",
      "Succeeded, 3, 2, Progressing",
  })
  void healthFollowsThePhaseOnceTheLatestGenerationIsObserved(String phase, int generation, int observed, String health)
      throws Exception {
    JsonNode obj = JSON.readTree("""
        {"apiVersion": "loadlab.dev/v1alpha1", "kind": "LoadTest",
         "metadata": {"name": "checkout", "generation": %d},
         "status": {"phase": "%s", "observedGeneration": %d, "message": "run 1 completed"}}
        """.formatted(generation, phase, observed));
    var globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(obj));
    LuaValue hs = globals.load(Files.readString(SCRIPT), "health.lua").call();
    assertThat(hs.get("status").tojstring()).isEqualTo(health);
    assertThat(hs.get("message").tojstring()).isNotEmpty();
  }

  @Test
  void aLoadTestWithoutStatusIsProgressing() throws Exception {
    var globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(JSON.readTree("{\"metadata\": {\"name\": \"new\", \"generation\": 1}}")));
    LuaValue hs = globals.load(Files.readString(SCRIPT), "health.lua").call();
    assertThat(hs.get("status").tojstring()).isEqualTo("Progressing");
  }
}
