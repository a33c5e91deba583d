package dev.loadlab.operator.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of a LoadTest reach the reconciler: not the operator's own status writes. */
class NotOwnStatusWriteTest {
  private final NotOwnStatusWrite filter = new NotOwnStatusWrite();

  private static LoadTest lt(long generation, Map<String, String> annotations, double elapsed) {
    var lt = new LoadTest();
    lt.setMetadata(new ObjectMetaBuilder().withName("t").withNamespace("perf").withGeneration(generation)
        .withAnnotations(annotations).withResourceVersion(Long.toString(generation * 1000 + (long) elapsed)).build());
    lt.setStatus(new LoadTestStatus());
    lt.getStatus().phase = Phase.Running;
    lt.getStatus().progress = new dev.loadlab.api.loadtest.Progress();
    lt.getStatus().progress.elapsedSeconds = elapsed;
    return lt;
  }

  @Test
  void aStatusWriteAloneIsNotAnEventButASpecChangeARerunOrADeletionIs() {
    var before = lt(1, Map.of(), 4.0);
    assertThat(filter.accept(lt(1, Map.of(), 6.0), before)).as("progress moved: the operator's own write").isFalse();
    assertThat(filter.accept(lt(2, Map.of(), 4.0), before)).as("a new generation").isTrue();
    assertThat(filter.accept(lt(1, Map.of("loadlab.dev/run", "again"), 4.0), before)).as("loadlab.dev/run").isTrue();
    var deleted = lt(1, Map.of(), 4.0);
    deleted.getMetadata().setDeletionTimestamp("2026-12-02T10:00:00Z");
    assertThat(filter.accept(deleted, before)).as("deletion").isTrue();
  }
}
