package dev.loadlab.operator.loadtest;

import dev.loadlab.api.loadtest.LoadTest;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a LoadTest call for a reconciliation: a new generation (the spec), a new annotation (a
 * {@code loadlab.dev/run} re-run), deletion or finalizers; not a change of the status alone, which is the operator's own
 * write. Without it every status write (progress, every poll) was itself an event, and the LoadTest was reconciled
 * again at once, polling its runners back to back instead of every {@code pollInterval} (measured: 92 % of a core and
 * 38 API requests/s for one LoadTest of 5 runners). The status comes back by the rescheduled reconciliation.
 */
public class NotOwnStatusWrite implements OnUpdateFilter<LoadTest> {
  @Override
  public boolean accept(LoadTest updated, LoadTest old) {
    var n = updated.getMetadata();
    var o = old.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(n.getAnnotations(), o.getAnnotations())
        || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp())
        || !Objects.equals(n.getFinalizers(), o.getFinalizers());
  }
}
