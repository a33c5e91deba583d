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
  void aVariableSpecEnvDoesNotDeclareIsValidHereButWarnedAboutForAClusterAndABinaryFileIsSaidToBeOne(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("env.yaml");
    Files.writeString(file, """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: env}
        spec:
          target: http://127.0.0.1:8080
          env: [{name: DECLARED, value: x}]
          scenarios:
            - name: s
              load: {executor: constant-vus, vus: 1, duration: 10s}
              steps:
                - http: {url: "/x?a=${env.DECLARED}", headers: {Authorization: "Bearer ${ env.TOKEN }"}}
                - group:
                    name: g
                    steps:
                      - grpc: {target: "grpc://h:1", method: a.B/C, message: {items: [{sku: "${env.SKU}"}]}}
        """);
    Path binary = dir.resolve("image.yaml");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe, 0});

    int code = run("validate", file.toString(), binary.toString());

    assertThat(code).isEqualTo(LoadlabCommand.EXIT_INVALID); // the binary file
    assertThat(out.toString()).contains("LoadTest env is valid",
        "⚠ in a cluster: spec.scenarios[0].steps[0].http.headers.Authorization: ${env.TOKEN} is not declared in spec.env",
        "⚠ in a cluster: spec.scenarios[0].steps[1].group.steps[0].grpc.message.items[0].sku: ${env.SKU} is not declared")
        .doesNotContain("DECLARED}");
    assertThat(err.toString()).contains("image.yaml: 1 problem", "is not UTF-8 text (a binary file?)")
        .doesNotContain("Input length");
  }

  @Test
  void missingFileIsReported() {
    assertThat(run("validate", "no-such-file.yaml")).isEqualTo(LoadlabCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("cannot read no-such-file.yaml");
  }
}
