package dev.loadlab.runner.executors;

import dev.loadlab.runner.engine.ScenarioPlan;
import java.util.List;

/**
 * When the k-th iteration of an arrival-rate scenario starts: the instant the cumulative number of
 * arrivals, the integral of the (piecewise linear) rate, reaches k. Constant rate: k / rate.
 */
final class ArrivalSchedule {
  private final long[] stageStart;
  private final long[] stageLength;
  private final double[] rateFrom;
  private final double[] rateTo;
  private final double[] arrivalsBefore;
  private final double total;
  private int cursor;

  ArrivalSchedule(double startRatePerUnit, List<ScenarioPlan.Stage> stages, long timeUnitNanos) {
    int n = stages.size();
    stageStart = new long[n];
    stageLength = new long[n];
    rateFrom = new double[n];
    rateTo = new double[n];
    arrivalsBefore = new double[n];
    long t = 0;
    double from = startRatePerUnit / timeUnitNanos;
    double count = 0;
    for (int i = 0; i < n; i++) {
      ScenarioPlan.Stage s = stages.get(i);
      double to = s.target() / timeUnitNanos;
      stageStart[i] = t;
      stageLength[i] = s.durationNanos();
      rateFrom[i] = from;
      rateTo[i] = to;
      arrivalsBefore[i] = count;
      count += (from + to) / 2 * s.durationNanos();
      t += s.durationNanos();
      from = to;
    }
    total = count;
  }

  static ArrivalSchedule of(ScenarioPlan plan) {
    return switch (plan.executor()) {
      case CONSTANT_ARRIVAL_RATE -> new ArrivalSchedule(plan.rate(),
          List.of(new ScenarioPlan.Stage(plan.durationNanos(), plan.rate())), plan.timeUnitNanos());
      default -> new ArrivalSchedule(plan.startRate(), plan.stages(), plan.timeUnitNanos());
    };
  }

  /** Arrivals in the whole schedule (all runners together). */
  long arrivals() {
    // An arrival exactly at the end belongs to the next period; tiny float error must not add one.
    return (long) Math.ceil(total - 1e-9);
  }

  /** Nanoseconds from the scenario's start to the k-th arrival (k from 0, increasing between calls), or -1. */
  long timeOf(long k) {
    if (k >= arrivals()) {
      return -1;
    }
    while (cursor < stageStart.length - 1 && arrivalsBefore[cursor + 1] <= k) {
      cursor++;
    }
    double c = k - arrivalsBefore[cursor];
    double r0 = rateFrom[cursor];
    double a = (rateTo[cursor] - r0) / (2.0 * stageLength[cursor]);
    double x;
    if (Math.abs(a) < 1e-30) {
      x = r0 == 0 ? 0 : c / r0;
    } else {
      double disc = r0 * r0 + 4 * a * c;
      x = (-r0 + Math.sqrt(Math.max(0, disc))) / (2 * a);
    }
    return stageStart[cursor] + (long) Math.min(Math.max(0, x), stageLength[cursor]);
  }
}
