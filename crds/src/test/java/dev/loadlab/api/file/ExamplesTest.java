package dev.loadlab.api.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.loadtest.LoadTest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> examples() throws IOException {
    try (var files = Files.walk(EXAMPLES)) {
      // kustomize's own file is not a loadlab manifest (the end-to-end suite applies it with kubectl apply -k)
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
      assertThat(yaml).as("examples under %s", EXAMPLES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(8);
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleValidates(Path file) {
    List<HasMetadata> resources = Manifests.read(file);

    assertThat(resources).isNotEmpty().allSatisfy(r -> {
      assertThat(r).isInstanceOfAny(LoadTest.class, Dashboard.class);
      assertThat(r.getMetadata().getName()).isNotBlank();
    });
  }
}
