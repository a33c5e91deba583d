package dev.loadlab.runner.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The warm-up runs for about its length and leaves nothing behind: no event loop, no server thread. */
class WarmUpTest {

  private static Set<String> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void runsItsLengthThenLeavesNoThreadBehind() throws Exception {
    Set<String> before = liveThreads();
    long t0 = System.nanoTime();

    WarmUp.run(Duration.ofMillis(600), 1);

    assertThat((System.nanoTime() - t0) / 1e6).as("ms the warm-up took").isGreaterThanOrEqualTo(600);
    // event loops end a moment after their group's shutdown returns
    long deadline = System.nanoTime() + 5_000_000_000L;
    Set<String> left;
    do {
      left = liveThreads();
      left.removeAll(before);
      left.removeIf(name -> !name.contains("epoll") && !name.contains("nio") && !name.contains("loadlab"));
      if (!left.isEmpty()) {
        Thread.sleep(50);
      }
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertThat(left).as("threads the warm-up started and left running").isEmpty();
  }
}
