package dev.loadlab.api.loadtest;

/** Where a LoadTest is in its life; Succeeded, Failed, Aborted and Invalid are final. */
public enum Phase {
  Pending, Starting, Running, Stopping, Succeeded, Failed, Aborted, Invalid
}
