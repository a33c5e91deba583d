package dev.loadlab.operator.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.lifecycle.Transition;
import dev.loadlab.operator.runners.MergedResults;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the reconciler leaves for the workflow: handed over once, per LoadTest, and nothing once it is gone. */
class RunOutboxTest {
  private static LoadTest loadTest(String name) {
    var lt = new LoadTest();
    lt.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid(UUID.randomUUID().toString()).build());
    return lt;
  }

  private static LoadTestStatus ended(int run) {
    var s = new LoadTestStatus();
    s.run = run;
    s.phase = Phase.Succeeded;
    s.endTime = "2026-12-03T06:00:00Z";
    return s;
  }

  @Test
  void aRecordIsWrittenOnceAndItsOutcomeReachesTheStatusOfItsRunOnce() {
    var lt = loadTest("a");
    var s = ended(3);
    RunOutbox.keep(lt, s, MergedResults.none(), List.of());
    s.phase = Phase.Failed; // the status the reconciler goes on with: the record keeps the status it ended with
    var pending = RunOutbox.recordToWrite(lt);
    assertThat(pending.run()).isEqualTo(3);
    assertThat(pending.ended().phase).isEqualTo(Phase.Succeeded);
    assertThat(RunOutbox.busy(lt)).isTrue();

    var outcome = new RecordStatus();
    outcome.configMap = "a-run-3";
    RunOutbox.wrote(lt, 3, outcome);
    assertThat(RunOutbox.recordToWrite(lt)).as("written: not again").isNull();
    assertThat(RunOutbox.takeWritten(lt, 2)).as("another run's status").isNull();
    assertThat(RunOutbox.takeWritten(lt, 3)).isSameAs(outcome);
    assertThat(RunOutbox.takeWritten(lt, 3)).as("taken once").isNull();
    assertThat(RunOutbox.busy(lt)).isFalse();

    RunOutbox.wrote(lt, 4, outcome);
    assertThat(RunOutbox.takeWritten(lt, 5)).as("the status went on to run 5").isNull();
    assertThat(RunOutbox.busy(lt)).as("a stale outcome is dropped, not looked at every 0.1 s").isFalse();
  }

  @Test
  void eachLoadTestHasItsOwnAndAGoneOneLeavesNothing() {
    var a = loadTest("same");
    var b = loadTest("same"); // the same name, another object (another namespace, or created again)
    RunOutbox.keep(a, ended(1), MergedResults.none(), List.of());
    RunOutbox.announce(b, List.of(new Transition(Phase.Running, "Running", "go", false)));
    RunOutbox.prune(b);
    assertThat(RunOutbox.recordToWrite(b)).isNull();
    assertThat(RunOutbox.announcing(a)).isFalse();
    assertThat(RunOutbox.takePrune(a)).isFalse();
    assertThat(RunOutbox.takePrune(b)).isTrue();
    assertThat(RunOutbox.takePrune(b)).isFalse();
    assertThat(RunOutbox.takeAnnouncements(b)).extracting(Transition::reason).containsExactly("Running");
    assertThat(RunOutbox.takeAnnouncements(b)).isEmpty();

    RunOutbox.forget(a);
    assertThat(RunOutbox.recordToWrite(a)).isNull();
    assertThat(RunOutbox.busy(a)).isFalse();
  }
}
