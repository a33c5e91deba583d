package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product as users meet it: kubectl apply a LoadTest, the operator (a process) creates runner pods, the
 * process kubelet runs them as real runner processes, and the LoadTest ends with the truth in its status.
 */
class OperatorEndToEndIT {
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Path write(String name, String yaml) throws Exception {
    Path p = TestCluster.TARGET.resolve("e2e-" + name + ".yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void threeRunnersSucceedWithMergedSummaryAndThresholds() throws Exception {
    cluster.namespace("three");
    String quickstart = Files.readString(Path.of("..", "examples", "quickstart.yaml"));
    assertThat(quickstart).contains("  target: http://demo-target:8080\n").doesNotContain("runners:");
    Path file = write("three", quickstart.replace("  target: http://demo-target:8080\n",
        "  target: http://demo-target:8080\n  runners: 3\n"));
    var applied = cluster.kubectl("apply", "-n", "three", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();

    LoadTest running = cluster.await("three", "quickstart", Duration.ofSeconds(60), "Running",
        lt -> lt.getStatus() != null && lt.getStatus().phase == Phase.Running);
    assertThat(running.getStatus().runners).isEqualTo("3/3");
    assertThat(cluster.client.pods().inNamespace("three").list().getItems()).hasSize(3)
        .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("loadlab.dev/loadtest", "quickstart"));

    LoadTest done = cluster.await("three", "quickstart", Duration.ofSeconds(90), "finished",
        lt -> lt.getStatus() != null && lt.getStatus().endTime != null);
    var s = done.getStatus();
    assertThat(s.phase).as(s.message).isEqualTo(Phase.Succeeded);
    assertThat(s.summary.requests).isPositive();
    assertThat(s.summary.resources).isNotEmpty();
    assertThat(s.summary.resources.stream().mapToLong(r -> r.requests).sum()).isEqualTo(s.summary.requests);
    assertThat(s.thresholds).isNotEmpty().allSatisfy(t -> assertThat(t.passed).isTrue());
    assertThat(s.conditions).anySatisfy(c -> {
      assertThat(c.type).isEqualTo("Ready");
      assertThat(c.status).isEqualTo("True");
    });
    var get = cluster.kubectl("get", "lt", "-n", "three");
    assertThat(get.output()).contains("quickstart", "Succeeded", "3/3");
  }
}
