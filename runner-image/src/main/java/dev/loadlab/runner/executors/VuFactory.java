package dev.loadlab.runner.executors;

import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.VirtualUser;

/** Where executors get VUs (spread over the event loops) and the loop they keep their timers on. */
public interface VuFactory {
  VirtualUser create(ScenarioPlan scenario);

  LoopContext controller();
}
