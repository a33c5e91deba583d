package dev.loadlab.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.dashboard.DashboardSpec;
import dev.loadlab.api.dashboard.GrafanaJson;
import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.validation.InvalidResourceException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dashboard-import", description = {
    "Turns Grafana-exported dashboard JSON files (or folders of them) into Dashboard manifests to keep beside your "
        + "LoadTests: __inputs and ${DS_...} datasource references become the ${datasource} variable, id is cleared. "
        + "Writes YAML documents to standard output (or --output); each is validated as the operator will.",
    "Exit code 0 when every file converted, " + LoadlabCommand.EXIT_INVALID + " otherwise."})
class DashboardImportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "JSON files, or folders whose *.json files are read.")
  List<Path> paths;

  @Option(names = "--folder", description = "Grafana folder of the dashboards (spec.folder).")
  String folder;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the manifests to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    var files = new ArrayList<Path>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    var out = new StringBuilder();
    int failed = 0;
    for (Path f : files) {
      try {
        Dashboard d = convert(f);
        Manifests.problems(d).forEach(problem -> {
          throw new InvalidResourceException(f.toString(), List.of(problem));
        });
        out.append(Serialization.asYaml(d));
        err.printf("✓ %s → Dashboard %s%n", f, d.getMetadata().getName());
      } catch (JsonProcessingException e) {
        failed++;
        err.printf("✗ %s: not valid JSON (line %d): %s%n", f, e.getLocation().getLineNr(), e.getOriginalMessage());
      } catch (IllegalArgumentException | InvalidResourceException | IOException e) {
        failed++;
        err.printf("✗ %s: %s%n", f, e.getMessage());
      }
    }
    if (output != null) {
      Files.writeString(output, out.toString());
    } else {
      spec.commandLine().getOut().print(out);
    }
    spec.commandLine().getOut().flush();
    err.flush();
    return failed == 0 && !files.isEmpty() ? 0 : LoadlabCommand.EXIT_INVALID;
  }

  private Dashboard convert(Path file) throws IOException {
    var model = GrafanaJson.normalize(JSON.readTree(Files.readString(file)));
    var d = new Dashboard();
    d.setMetadata(new ObjectMetaBuilder().withName(name(file)).build());
    var s = new DashboardSpec();
    s.folder = folder;
    s.json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(model);
    d.setSpec(s);
    return d;
  }

  /** {@code Checkout Latency.json} → {@code checkout-latency}: a Kubernetes name from the file name. */
  static String name(Path file) {
    String base = file.getFileName().toString().replaceFirst("\\.json$", "").toLowerCase(Locale.ROOT);
    String n = base.replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
    if (n.isEmpty() || !Character.isLetter(n.charAt(0))) {
      n = "dashboard-" + n;
    }
    return n.length() > 50 ? n.substring(0, 50).replaceAll("-$", "") : n;
  }
}
