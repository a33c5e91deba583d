package dev.loadlab.api.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loadlab.api.dashboard.Dashboard;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.validation.CrdSchema;
import dev.loadlab.api.validation.DashboardValidator;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import dev.loadlab.api.validation.LoadTestValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads LoadTest and Dashboard documents (the same YAML that kubectl applies) and validates them in
 * full: the CRD schema, unknown fields, the CRD's CEL rules, then the semantic checks. A runner reads
 * its standalone file through here; the operator validates the objects it watches through here.
 */
public final class Manifests {
  public static final String API_VERSION = LoadTest.GROUP + "/" + LoadTest.VERSION;
  /** Derived objects (Service "NAME-runners", pods "NAME-runner-N") must stay within 63 characters. */
  public static final int MAX_NAME_LENGTH = 50;
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper BINDER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Manifests() {
  }

  /** Reads a standalone LoadTest file: exactly one LoadTest, valid, or an exception listing every problem. */
  public static LoadTest readLoadTest(Path file) {
    List<HasMetadata> resources = read(file);
    List<LoadTest> tests = resources.stream().filter(LoadTest.class::isInstance).map(LoadTest.class::cast).toList();
    if (tests.size() != 1) {
      throw new InvalidResourceException(file.toString(), List.of(new FieldError("",
          "expected exactly one LoadTest document, found " + tests.size())));
    }
    return tests.get(0);
  }

  /** Reads every document of a YAML file; all must be valid LoadTests or Dashboards. */
  public static List<HasMetadata> read(Path file) {
    try {
      return read(file.toString(), Files.readString(file));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InvalidResourceException(file.toString(), List.of(new FieldError("", "is not UTF-8 text (a binary "
          + "file?); a LoadTest or Dashboard is a YAML or JSON file")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static List<HasMetadata> read(String source, String yaml) {
    List<JsonNode> documents;
    try (var parser = YAML.getFactory().createParser(yaml)) {
      documents = new ArrayList<>();
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          documents.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidResourceException(source, List.of(new FieldError("", "is not valid YAML: " + yamlMessage(e))));
    }
    if (documents.isEmpty()) {
      throw new InvalidResourceException(source, List.of(new FieldError("", "holds no document")));
    }
    var resources = new ArrayList<HasMetadata>();
    for (int i = 0; i < documents.size(); i++) {
      String docSource = documents.size() == 1 ? source : source + " (document " + (i + 1) + ")";
      resources.add(toResource(docSource, documents.get(i)));
    }
    return resources;
  }

  /** Validates one document and binds it to its class, or throws with every problem found. */
  public static HasMetadata toResource(String source, JsonNode document) {
    var errors = new ArrayList<FieldError>();
    if (!document.isObject()) {
      throw new InvalidResourceException(source, List.of(new FieldError("", "must be a mapping with apiVersion, "
          + "kind, metadata and spec")));
    }
    String kind = document.path("kind").asText("");
    Class<? extends HasMetadata> type = switch (kind) {
      case "LoadTest" -> LoadTest.class;
      case "Dashboard" -> Dashboard.class;
      default -> null;
    };
    if (type == null) {
      throw new InvalidResourceException(source, List.of(new FieldError("kind",
          (kind.isEmpty() ? "missing" : "\"" + kind + "\" is not a loadlab kind") + "; use LoadTest or Dashboard")));
    }
    String apiVersion = document.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      errors.add(new FieldError("apiVersion", (apiVersion.isEmpty() ? "missing" : "\"" + apiVersion + "\" is not served")
          + "; use " + API_VERSION));
    }
    checkName(document.path("metadata").path("name").asText(null), errors);
    errors.addAll(CrdSchema.of(type == LoadTest.class ? "loadtests" : "dashboards").validate(withoutEnvelope(document)));
    HasMetadata resource = null;
    try {
      resource = BINDER.treeToValue(document, type);
    } catch (JsonProcessingException e) {
      if (errors.isEmpty()) {
        errors.add(new FieldError(e instanceof JsonMappingException jme ? pathOf(jme) : "", e.getOriginalMessage()));
      }
    }
    if (resource instanceof LoadTest lt && lt.getSpec() != null) {
      errors.addAll(LoadTestValidator.validate(lt.getSpec()));
    } else if (resource instanceof Dashboard d && d.getSpec() != null) {
      errors.addAll(DashboardValidator.validate(d.getSpec()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidResourceException(source, dedupe(errors));
    }
    return resource;
  }

  /**
   * Every problem of an object the operator received from the API server, in a cluster's terms: besides what
   * validation finds everywhere, a LoadTest's {@code ${env.NAME}} that spec.env does not declare (there, only spec.env
   * gives the runner pods variables).
   */
  public static List<FieldError> problems(HasMetadata resource) {
    var errors = new ArrayList<FieldError>();
    try {
      toResource(resource.getKind() + " " + resource.getMetadata().getName(), BINDER.valueToTree(resource));
    } catch (InvalidResourceException e) {
      errors.addAll(e.errors());
    }
    if (resource instanceof LoadTest lt && lt.getSpec() != null) {
      errors.addAll(dev.loadlab.api.validation.EnvReferences.undeclared(lt.getSpec()));
    }
    return dedupe(errors);
  }

  private static JsonNode withoutEnvelope(JsonNode document) {
    // apiVersion, kind and metadata are the API server's business; the CRD schema covers spec and status.
    ObjectNode copy = ((ObjectNode) document).deepCopy();
    copy.remove(List.of("apiVersion", "kind", "metadata"));
    return copy;
  }

  private static void checkName(String name, List<FieldError> errors) {
    if (name == null || name.isEmpty()) {
      errors.add(new FieldError("metadata.name", "required; add a name such as checkout-smoke"));
    } else if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      errors.add(new FieldError("metadata.name", "\"" + name + "\" must be at most " + MAX_NAME_LENGTH
          + " characters of lowercase letters, digits and '-', starting with a letter and not ending with '-'"));
    }
  }

  private static List<FieldError> dedupe(List<FieldError> errors) {
    return errors.stream().distinct().toList();
  }

  private static String pathOf(JsonMappingException e) {
    var sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String yamlMessage(Exception e) {
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      m = "line " + jpe.getLocation().getLineNr() + ": " + m;
    }
    return m == null ? e.toString() : m.lines().findFirst().orElse(m);
  }
}
