package dev.loadlab.runner.cli;

import java.io.PrintWriter;

/** Runs the CLI in-process for tests in other packages. */
public final class LoadlabCommandAccess {
  private LoadlabCommandAccess() {
  }

  public static int run(PrintWriter out, String... args) {
    return LoadlabCommand.commandLine().setOut(out).setErr(out).execute(args);
  }
}
