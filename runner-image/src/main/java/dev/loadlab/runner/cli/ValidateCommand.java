package dev.loadlab.runner.cli;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.validation.InvalidResourceException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = {
    "Checks LoadTest and Dashboard files as the operator will: the CRD schema, unknown fields, the CRD's rules, "
        + "CEL expressions, metric names, durations and thresholds. Every problem is listed with its field path.",
    "Exit code 0 when every file is valid, " + LoadlabCommand.EXIT_INVALID + " otherwise."})
class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML files, each with one or more documents.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int invalid = 0;
    for (Path file : files) {
      try {
        List<HasMetadata> resources = Manifests.read(file);
        for (HasMetadata r : resources) {
          out.printf("✓ %s: %s %s is valid%n", file, r.getKind(), r.getMetadata().getName());
          if (r instanceof dev.loadlab.api.loadtest.LoadTest lt) {
            // fine on a machine that exports the variable; the operator refuses it (it has spec.env only)
            for (var e : dev.loadlab.api.validation.EnvReferences.undeclared(lt.getSpec())) {
              out.printf("  ⚠ in a cluster: %s: %s%n", e.path(), e.message());
            }
          }
        }
      } catch (InvalidResourceException e) {
        invalid++;
        err.println("✗ " + e.getMessage());
      } catch (UncheckedIOException e) {
        invalid++;
        err.println("✗ " + e.getMessage());
      }
    }
    out.flush();
    err.flush();
    return invalid == 0 ? 0 : LoadlabCommand.EXIT_INVALID;
  }
}
