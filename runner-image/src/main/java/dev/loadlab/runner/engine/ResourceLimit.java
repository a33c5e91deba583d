package dev.loadlab.runner.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cap on distinct resource labels of a runner (spec.metrics.maxResources, default 600): past it the
 * test stops with reason TooManyResources, naming the step, before Prometheus is flooded with series.
 * Shared by the loops; consulted only when a loop meets a label it has not recorded before.
 */
public final class ResourceLimit {
  /** The label under which requests past the cap are recorded, so that none goes uncounted. */
  public static final String OVERFLOW = "(over the resource limit)";
  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> reason = new AtomicReference<>();
  private volatile Runnable onExceeded = () -> { };

  public ResourceLimit(int max) {
    this.max = max;
  }

  /** Called once, from whichever thread first goes past the cap. */
  public void onExceeded(Runnable action) {
    onExceeded = action;
  }

  /** Whether the label may have series of its own; the first refusal stops the test. */
  public boolean admit(String resource, String stepPath) {
    if (seen.contains(resource)) {
      return true;
    }
    synchronized (this) { // only for a label not seen before
      if (seen.contains(resource)) {
        return true;
      }
      if (seen.size() < max) {
        seen.add(resource);
        return true;
      }
    }
    if (reason.compareAndSet(null, "TooManyResources: " + stepPath + " made more than " + max + " distinct resource "
        + "labels (the latest: \"" + resource + "\"); give the step a resource label with the id collapsed, e.g. "
        + "resource: \"GET /items/{id}\", or raise spec.metrics.maxResources")) {
      onExceeded.run();
    }
    return false;
  }

  /** Why the test was stopped, or null. */
  public String reason() {
    return reason.get();
  }
}
