package dev.loadlab.operator.lifecycle;

import dev.loadlab.api.common.Condition;
import dev.loadlab.api.loadtest.LoadTestStatus;
import dev.loadlab.api.loadtest.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The conditions tools read, derived from the phase: Ready (kstatus, Argo CD's generic check), Reconciling
 * and Stalled (kstatus: in progress / failed, which Flux's health checks use), Completed and Valid.
 */
public final class Conditions {
  private Conditions() {
  }

  public static boolean isFinal(Phase phase) {
    return phase == Phase.Succeeded || phase == Phase.Failed || phase == Phase.Aborted || phase == Phase.Inconclusive
        || phase == Phase.Invalid;
  }

  public static void set(LoadTestStatus s, long generation, String now) {
    Phase p = s.phase;
    boolean fin = isFinal(p);
    var next = new ArrayList<Condition>();
    next.add(make("Valid", p != Phase.Invalid, p == Phase.Invalid ? "InvalidSpec" : "Validated",
        p == Phase.Invalid ? s.message : "the spec passed validation", generation));
    next.add(make("Ready", p == Phase.Succeeded, p == Phase.Succeeded ? "Completed" : s.reason, s.message, generation));
    next.add(make("Completed", fin && p != Phase.Invalid, fin ? s.reason : "Run" + p, s.message, generation));
    next.add(make("Reconciling", !fin, s.reason, s.message, generation));
    next.add(make("Stalled", fin && p != Phase.Succeeded, s.reason, s.message, generation));
    // lastTransitionTime moves only when a condition's status flips
    for (Condition c : next) {
      Condition old = s.conditions == null ? null
          : s.conditions.stream().filter(o -> o.type.equals(c.type)).findFirst().orElse(null);
      c.lastTransitionTime = old != null && Objects.equals(old.status, c.status) && old.lastTransitionTime != null
          ? old.lastTransitionTime : now;
    }
    s.conditions = List.copyOf(next);
  }

  private static Condition make(String type, boolean status, String reason, String message, long generation) {
    var c = new Condition();
    c.type = type;
    c.status = status ? "True" : "False";
    c.reason = reason == null ? "Unknown" : reason;
    c.message = message;
    c.observedGeneration = generation;
    return c;
  }
}
