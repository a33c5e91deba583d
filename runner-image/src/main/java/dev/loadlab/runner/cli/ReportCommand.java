package dev.loadlab.runner.cli;

import dev.loadlab.report.HtmlReport;
import dev.loadlab.results.record.RunRecord;
import dev.loadlab.results.record.RunRecordCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, description = {
    "Renders the HTML report of a run from its run record: one self-contained file that works offline.",
    "Either NAME: a LoadTest's run, read from the cluster with your kubeconfig (who may read the LoadTest and its "
        + "ConfigMaps may read the report); or --record FILE: a record saved by loadlab run --record.",
    "Exit codes: 0 written, " + LoadlabCommand.EXIT_INVALID + " no such record or not readable."})
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "The LoadTest whose run to report.")
  String name;

  @Option(names = {"-n", "--namespace"}, description = "The LoadTest's namespace (default: your kubeconfig's).")
  String namespace;

  @Option(names = "--run", description = "Which run (default: the current one); earlier runs while status.history keeps them.")
  Integer run;

  @Option(names = "--record", paramLabel = "FILE", description = "A run record file (loadlab run --record FILE).")
  Path recordFile;

  @Option(names = "--compare", paramLabel = "RUN",
      description = "Compare with another run of the same LoadTest (from the cluster): overlaid charts and a table of "
          + "differences, regressions first.")
  Integer compareRun;

  @Option(names = "--compare-record", paramLabel = "FILE", description = "Compare with the run of this record file.")
  Path compareRecord;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the report (default report.html).")
  Path output = Path.of("report.html");

  private RunRecord readOther() throws IOException {
    try {
      return RunRecordCodec.read(Files.readAllBytes(compareRecord));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--compare-record " + compareRecord + ": " + e.getMessage(), e);
    }
  }

  private RunRecord readRecord() throws IOException {
    try {
      return RunRecordCodec.read(Files.readAllBytes(recordFile));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--record " + recordFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if ((name == null) == (recordFile == null)) {
      err.println("✗ name a LoadTest (loadlab report NAME) or a record file (loadlab report --record FILE), not "
          + (name == null ? "neither" : "both"));
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    if (compareRun != null && name == null) {
      err.println("✗ --compare RUN names a run of the LoadTest NAME; with --record, compare with --compare-record FILE");
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    RunRecord record;
    RunRecord other = null;
    String source;
    try {
      if (recordFile != null) {
        source = "--record " + recordFile;
        record = readRecord();
      } else {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
          String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
          source = "LoadTest " + ns + "/" + name;
          record = RunRecordCodec.read(ClusterRecords.read(client, ns, name, run));
          if (compareRun != null) {
            other = RunRecordCodec.read(ClusterRecords.read(client, ns, name, compareRun));
          }
        }
      }
      if (compareRecord != null) {
        other = readOther();
      }
    } catch (NoSuchFileException e) {
      err.println("✗ " + (e.getFile().equals(String.valueOf(compareRecord)) ? "--compare-record " : "--record ") + e.getFile()
          + ": no such file");
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    } catch (IllegalArgumentException e) {
      err.println("✗ " + e.getMessage());
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    } catch (IllegalStateException | io.fabric8.kubernetes.client.KubernetesClientException e) {
      err.println("✗ " + e.getMessage());
      err.flush();
      return LoadlabCommand.EXIT_INVALID;
    }
    Files.writeString(output, HtmlReport.render(record, other));
    err.println("report of " + (record.namespace.isEmpty() ? "" : record.namespace + "/") + record.name + " run " + record.run
        + " (" + record.phase + ", from " + source + ")" + (other == null ? "" : " compared with run " + other.run) + ": "
        + output.toAbsolutePath().toUri());
    err.flush();
    return 0;
  }
}
