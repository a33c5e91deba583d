package dev.loadlab.operator.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.RecordStatus;
import dev.loadlab.operator.lifecycle.Transition;
import dev.loadlab.operator.runners.MergedResults;
import dev.loadlab.results.record.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a status change asks of the world besides the status: the ended run's record to store, the records of runs
 * that left the history to delete, the phase changes to announce as Events. The reconciler only leaves them here (in
 * memory: no API call) and writes the status; the workflow's {@link RunRecordDependent} and {@link RunEventsDependent}
 * carry them out at the next reconciliation, {@link LoadTestReconciler#OUTBOX_DELAY} later, and the record's outcome
 * (where it is, or why it is not) reaches {@code status.record} in that reconciliation. So the verdict is in the status
 * before its record is gzipped and written.
 *
 * <p>Kept per LoadTest uid, in this process (static: the operator SDK makes the dependents, not CDI). Lost with it,
 * as when the other replica takes over: an ended run whose status names no record is recorded again from its runners
 * before they are released ({@code EndedPhase}); the Events of that moment are lost, the status is not.
 */
final class RunOutbox {
  /** The results of run {@code run} to store, with its status as it ended and its runners by index. */
  record PendingRecord(int run, LoadTestStatus ended, MergedResults merged, List<RunRecord.Runner> runners) {
  }

  private static final class Entry {
    PendingRecord record;
    RecordStatus written;
    int writtenRun;
    boolean prune;
    final List<Transition> announce = new ArrayList<>();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

  private RunOutbox() {
  }

  private static Entry entry(LoadTest lt) {
    return ENTRIES.computeIfAbsent(lt.getMetadata().getUid(), uid -> new Entry());
  }

  private static Entry existing(LoadTest lt) {
    return lt.getMetadata().getUid() == null ? null : ENTRIES.get(lt.getMetadata().getUid());
  }

  /** Run {@code ended.run} ended (or is recorded again) with these results: they are to be stored. */
  static void keep(LoadTest lt, LoadTestStatus ended, MergedResults merged, List<RunRecord.Runner> runners) {
    var e = entry(lt);
    synchronized (e) {
      e.record = new PendingRecord(ended.run, JSON.convertValue(ended, LoadTestStatus.class), merged, runners);
    }
  }

  /** A record to write, or null. */
  static PendingRecord recordToWrite(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return null;
    }
    synchronized (e) {
      return e.record;
    }
  }

  /** Run {@code run}'s record was written (or why not): for the status, and older records may go. */
  static void wrote(LoadTest lt, int run, RecordStatus outcome) {
    var e = entry(lt);
    synchronized (e) {
      if (e.record != null && e.record.run() == run) {
        e.record = null;
      }
      e.written = outcome;
      e.writtenRun = run;
    }
  }

  /** What was written for run {@code run} since the last status, taken (null: nothing new). */
  static RecordStatus takeWritten(LoadTest lt, Integer run) {
    var e = existing(lt);
    if (e == null || run == null) {
      return null;
    }
    synchronized (e) {
      if (e.written == null) {
        return null;
      }
      if (e.writtenRun != run) {
        if (run > e.writtenRun) {
          e.written = null; // the status went on to a later run: that outcome has no place in it any more
        }
        return null;
      }
      RecordStatus written = e.written;
      e.written = null;
      return written;
    }
  }

  /** The records of runs that are no longer in the history are to be deleted. */
  static void prune(LoadTest lt) {
    var e = entry(lt);
    synchronized (e) {
      e.prune = true;
    }
  }

  static boolean takePrune(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      boolean prune = e.prune;
      e.prune = false;
      return prune;
    }
  }

  static boolean busyPruning(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return e.prune;
    }
  }

  static boolean announcing(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return !e.announce.isEmpty();
    }
  }

  static void announce(LoadTest lt, List<Transition> transitions) {
    if (transitions.isEmpty()) {
      return;
    }
    var e = entry(lt);
    synchronized (e) {
      e.announce.addAll(transitions);
    }
  }

  static List<Transition> takeAnnouncements(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return List.of();
    }
    synchronized (e) {
      var taken = List.copyOf(e.announce);
      e.announce.clear();
      return taken;
    }
  }

  /** Whether anything waits for the workflow (the reconciler then looks again soon). */
  static boolean busy(LoadTest lt) {
    var e = existing(lt);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return e.record != null || e.written != null || e.prune || !e.announce.isEmpty();
    }
  }

  /** The LoadTest is gone. */
  static void forget(LoadTest lt) {
    if (lt.getMetadata().getUid() != null) {
      ENTRIES.remove(lt.getMetadata().getUid());
    }
  }
}
