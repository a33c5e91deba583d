package dev.loadlab.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The loadlab command line: runs on a laptop with no cluster. */
@Command(name = "loadlab", mixinStandardHelpOptions = true, version = "loadlab 0.1.0-SNAPSHOT",
    description = "Load testing as Kubernetes resources; the same LoadTest file runs here without a cluster.",
    subcommands = {RunCommand.class, ReportCommand.class, ValidateCommand.class, DemoTargetCommand.class, DashboardImportCommand.class,
        CommandLine.HelpCommand.class})
public class LoadlabCommand {
  /**
   * Exit codes: 0 success; 2 invalid input (like a usage error); 97 inconclusive (the runner was saturated); 98 stopped
   * by a limit; 99 thresholds failed (as k6).
   */
  public static final int EXIT_INVALID = 2;
  public static final int EXIT_THRESHOLDS_FAILED = 99;
  /** The runner stopped the test itself, e.g. TooManyResources. */
  public static final int EXIT_STOPPED = 98;
  /** The runner could not keep up (spec.runnerHealth): the figures cannot be trusted either way. */
  public static final int EXIT_INCONCLUSIVE = 97;

  public static void main(String[] args) {
    // Leak tracking samples buffers on the hot path; the runner's buffers are released in one place each.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new LoadlabCommand())
        .setExitCodeExceptionMapper(e -> EXIT_INVALID);
  }
}
