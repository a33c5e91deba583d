package dev.loadlab.results;

import dev.loadlab.api.loadtest.Baseline;

/**
 * Finds the earlier run a baseline threshold compares with: in a cluster the operator reads it from the stored run
 * records ({@code status.history}); locally {@code loadlab run --baseline FILE} names one record.
 */
@FunctionalInterface
public interface Baselines {
  /** An earlier run: its merged figures, its duration, and what it is ("run 3", "checkout run 7"). */
  record Run(Stats stats, double seconds, String name) {
  }

  /** The run, or null and why there is none ({@code missing}). */
  record Found(Run run, String missing) {
    public static Found none(String why) {
      return new Found(null, why);
    }
  }

  /** @param baseline as the threshold wrote it (null: the defaults, lastPassed of this LoadTest) */
  Found find(Baseline baseline);

  Baselines NONE = b -> Found.none("no earlier run is known here");
}
