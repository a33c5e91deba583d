package dev.loadlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return LoadlabCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void validExamplesExitZero() {
    int code = run("validate", "../examples/quickstart.yaml", "../examples/dashboard-panels.yaml");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("✓ ../examples/quickstart.yaml: LoadTest quickstart is valid",
        "Dashboard llm-cost-overview is valid");
  }

  @Test
  void invalidFileListsEveryProblemAndExitsWithTheInvalidCode(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: bad}
        spec:
          target: http://127.0.0.1:8080
          scenarios:
            - name: s
              load: {executor: constant-vus, vus: 1, duration: 10s}
              steps:
                - http:
                    url: /x
                    metrics: [{name: llm-cost, type: trend, value: "response.json.cost"}]
          thresholds: [{metric: http_req_duration, condition: "p95 < 1s"}]
        """);

    int code = run("validate", bad.toString());

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString())
        .contains("2 problems")
        .contains("spec.scenarios[0].steps[0].http.metrics[0].name: \"llm-cost\" contains '-'; use '_' (llm_cost)")
        .contains("spec.thresholds[0].condition: \"p95 < 1s\" is not a threshold condition");
  }

  @Test
  void missingFileIsReported() {
    assertThat(run("validate", "no-such-file.yaml")).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("cannot read no-such-file.yaml");
  }
}
