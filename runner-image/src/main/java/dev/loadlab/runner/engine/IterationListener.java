package dev.loadlab.runner.engine;

/** Told when a VU's iteration ends; called on the VU's loop. */
@FunctionalInterface
public interface IterationListener {
  /** {@code completed} is false when the iteration was interrupted (a hard stop). */
  void iterationEnded(VirtualUser vu, boolean completed);
}
