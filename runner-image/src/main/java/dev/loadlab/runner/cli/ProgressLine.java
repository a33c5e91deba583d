package dev.loadlab.runner.cli;

import dev.loadlab.runner.LoadRun;
import dev.loadlab.runner.engine.ScenarioPlan;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live line: elapsed time against the planned time, active VUs, iterations so far (the one count every kind of
 * step moves), requests per second over the last second, p95 latency and error share so far. A progress bar on a terminal; a plain line every 5 seconds
 * when the output is a log.
 */
final class ProgressLine {
  private final LoadRun run;
  private final PrintWriter err;
  private final ProgressBar bar;
  private final boolean quiet;
  private final long planned;
  private long lastRequests;
  private long lastAt = System.nanoTime();
  private int ticks;

  ProgressLine(LoadRun run, TestPlan plan, PrintWriter err, boolean quiet) {
    this.run = run;
    this.err = err;
    this.quiet = quiet;
    this.planned = Math.max(1, plan.plannedEndNanos() / 1_000_000_000L);
    this.bar = quiet || System.console() == null ? null : new ProgressBarBuilder()
        .setTaskName("running").setInitialMax(planned).setUnit("s", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }

  void update() {
    if (quiet) {
      return;
    }
    Stats s = run.progress();
    long now = System.nanoTime();
    double rps = (s.requests() - lastRequests) / ((now - lastAt) / 1e9);
    lastRequests = s.requests();
    lastAt = now;
    long elapsed = (now - run.startNanos()) / 1_000_000_000L;
    String p95 = s.allDurations().getTotalCount() == 0 ? "-"
        : SummaryPrinter.ms(s.allDurations().getValueAtPercentile(95) / 1000.0);
    String errors = s.requests() == 0 ? "0.00%" : String.format(Locale.ROOT, "%.2f%%", 100.0 * s.failures() / s.requests());
    String line = String.format(Locale.ROOT, "VUs %d | %,d iterations | %,d reqs | %.0f req/s | p95 %s | errors %s",
        run.activeVUs(), s.iterations(), s.requests(), rps, p95, errors);
    if (bar != null) {
      bar.stepTo(Math.min(elapsed, planned));
      bar.setExtraMessage(line);
    } else if (++ticks % 5 == 0) {
      err.printf("[%s / %s] %s%n", duration(elapsed * 1_000_000_000L), duration(planned * 1_000_000_000L), line);
      err.flush();
    }
  }

  void finish() {
    if (bar != null) {
      bar.stepTo(planned);
      bar.close();
    }
  }

  static String duration(long nanos) {
    long s = nanos / 1_000_000_000L;
    return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  static String describe(ScenarioPlan s) {
    return switch (s.executor()) {
      case CONSTANT_VUS -> s.vus() + " VUs for " + duration(s.durationNanos());
      case RAMPING_VUS -> "up to " + s.segment().share((long) s.stages().stream().mapToDouble(ScenarioPlan.Stage::target).max().orElse(0))
          + " VUs over " + s.stages().size() + " stages";
      case PER_VU_ITERATIONS -> s.iterations() + " iterations for each of " + s.vus() + " VUs";
      case SHARED_ITERATIONS -> s.iterations() + " iterations shared by " + s.vus() + " VUs";
      case CONSTANT_ARRIVAL_RATE -> String.format(Locale.ROOT, "%s iterations per %s for %s (%d..%d VUs)",
          SummaryPrinter.num(s.rate() / s.segment().count()), duration(s.timeUnitNanos()), duration(s.durationNanos()),
          s.preAllocatedVUs(), s.maxVUs());
      case RAMPING_ARRIVAL_RATE -> "ramping arrival rate over " + s.stages().size() + " stages (" + s.preAllocatedVUs()
          + ".." + s.maxVUs() + " VUs)";
    };
  }
}
