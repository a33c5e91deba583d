package dev.loadlab.runner.cli;

import dev.loadlab.report.HtmlReport;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.results.record.RunRecordCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", description = {
    "Renders the HTML report of a run from its run record: one self-contained file that works offline.",
    "Exit codes: 0 written, " + LoadlabCommand.EXIT_INVALID + " the record is missing or unreadable."})
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--record", paramLabel = "FILE", required = true,
      description = "A run record file (loadlab run --record FILE).")
  Path recordFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the report (default report.html).")
  Path output = Path.of("report.html");

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    RunRecord record;
    try {
      record = RunRecordCodec.read(Files.readAllBytes(recordFile));
    } catch (NoSuchFileException e) {
      err.println("✗ --record " + recordFile + ": no such file");
      return LoadlabCommand.EXIT_INVALID;
    } catch (IllegalArgumentException e) {
      err.println("✗ --record " + recordFile + ": " + e.getMessage());
      return LoadlabCommand.EXIT_INVALID;
    }
    Files.writeString(output, HtmlReport.render(record));
    err.println("report of " + (record.namespace.isEmpty() ? "" : record.namespace + "/") + record.name + " run " + record.run
        + " (" + record.phase + "): " + output.toAbsolutePath().toUri());
    err.flush();
    return 0;
  }
}
