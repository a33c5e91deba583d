package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.operator.runners.RunnerControl;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Does what a phase decided to its runners. A start a runner refuses is said in the status (the next observation
 * finds it still waiting and asks again); a stop or release that does not get through is only logged: a stopped run
 * is seen finished at the next poll, and a runner that is never released leaves at the end of its linger time.
 */
final class RunActor {
  private static final Logger LOG = Logger.getLogger(RunActor.class);
  private final RunnerControl runners;
  private final RunObserver addresses;

  RunActor(RunnerControl runners, RunObserver addresses) {
    this.runners = runners;
    this.addresses = addresses;
  }

  /** @return what went wrong that the status should say (empty when nothing did) */
  List<String> act(LoadTest lt, List<RunAction> actions) {
    var problems = new ArrayList<String>();
    for (RunAction a : actions) {
      var to = addresses.addresses(lt, a.pods());
      if (a instanceof RunAction.Start start) {
        var refused = runners.start(to, start.atEpochMillis()).stream().filter(r -> !r.ok() && r.status() != 409)
            .map(r -> r.runner().pod() + " (" + (r.error() != null ? r.error() : "HTTP " + r.status()) + ")").toList();
        if (!refused.isEmpty()) {
          problems.add("could not start " + String.join(", ", refused) + "; retrying");
        }
      } else if (a instanceof RunAction.Stop) {
        logFailures(lt, "stop", runners.stop(to));
      } else if (a instanceof RunAction.Release) {
        logFailures(lt, "release", runners.release(to));
      }
    }
    return problems;
  }

  private static void logFailures(LoadTest lt, String what, List<RunnerControl.Answer> answers) {
    answers.stream().filter(r -> !r.ok()).forEach(r -> LOG.infof("%s/%s: could not %s runner %s: %s",
        lt.getMetadata().getNamespace(), lt.getMetadata().getName(), what, r.runner().pod(),
        r.error() != null ? r.error() : "HTTP " + r.status()));
  }
}
