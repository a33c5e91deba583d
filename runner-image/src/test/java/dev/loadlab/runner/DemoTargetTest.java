package dev.loadlab.runner;

import dev.loadlab.runner.demo.DemoTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests that run load against a fresh demo target on loopback, one per test. */
public abstract class DemoTargetTest {
  protected DemoTarget target;

  @BeforeEach
  void startTarget() throws InterruptedException {
    target = DemoTarget.start("127.0.0.1", 0, 1);
  }

  @AfterEach
  void stopTarget() {
    target.close();
  }
}
