package dev.loadlab.api.loadtest;

/**
 * Where a LoadTest is in its life; Succeeded, Failed, Aborted, Inconclusive and Invalid are final. Inconclusive: the
 * run ended, but a runner was saturated, so its figures may show the runner's own delay rather than the target's.
 */
public enum Phase {
  Pending, Starting, Running, Stopping, Succeeded, Failed, Aborted, Inconclusive, Invalid
}
