package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.loadtest.LoadTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when something has been so in a LoadTest's run: a runner silent, the run stopping. A timer is keyed by the
 * LoadTest's namespace, name and run with what it times, so same-named LoadTests in two namespaces, or two LoadTests
 * stopping their run 1, never share one. Kept in memory only: an operator that restarts starts them again, which
 * delays a verdict and loses nothing.
 */
final class RunTimers {
  private final Map<String, Instant> since = new ConcurrentHashMap<>();

  private static String run(LoadTest lt, int run) {
    return lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName() + "/" + run + "/";
  }

  /** How long it has been so, starting the timer now if it was not running. */
  Duration running(LoadTest lt, int run, String what, Instant now) {
    return Duration.between(since.computeIfAbsent(run(lt, run) + what, k -> now), now);
  }

  /** How long it has been so, zero when the timer is not running (does not start it). */
  Duration peek(LoadTest lt, int run, String what, Instant now) {
    Instant t = since.get(run(lt, run) + what);
    return t == null ? Duration.ZERO : Duration.between(t, now);
  }

  void stop(LoadTest lt, int run, String what) {
    since.remove(run(lt, run) + what);
  }

  /** Forgets every timer of the LoadTest (all its runs up to this one): the run ended or the LoadTest went. */
  void forget(LoadTest lt) {
    String prefix = lt.getMetadata().getNamespace() + "/" + lt.getMetadata().getName() + "/";
    since.keySet().removeIf(k -> k.startsWith(prefix));
  }

  int size() {
    return since.size();
  }
}
