package dev.loadlab.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema of a CRD as the API server applies it, applied here so that a document is judged the same
 * way on a laptop (no API server) and in a cluster, including on API servers too old for CEL rules:
 * types, enums, bounds and patterns (JSON Schema), unknown fields (rejected with their path, where the
 * API server would silently prune them), and the {@code x-kubernetes-validations} CEL rules.
 * The schema comes from the CRD the build generated, so the two cannot disagree.
 */
public final class CrdSchema {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CelCompiler RULE_COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .build();
  private static final CelRuntime RULE_RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();
  private static final Map<String, CrdSchema> LOADED = new ConcurrentHashMap<>();

  /** JSON Schema draft 4 plus the Kubernetes extensions, which this class handles itself or which do not validate. */
  private static final JsonMetaSchema KUBERNETES_OPENAPI = JsonMetaSchema
      .builder("https://loadlab.dev/schemas/kubernetes-openapi-v3", JsonMetaSchema.getV4())
      .keywords(java.util.stream.Stream.of("x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields",
              "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "x-kubernetes-list-type",
              "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "nullable", "example", "externalDocs")
          .map(NonValidationKeyword::new).toList())
      .build();

  private final JsonNode openApiSchema;
  private final JsonSchema jsonSchema;

  private CrdSchema(JsonNode openApiSchema) {
    this.openApiSchema = openApiSchema;
    var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
        b -> b.metaSchema(KUBERNETES_OPENAPI).defaultMetaSchemaIri(KUBERNETES_OPENAPI.getIri()))
        .getSchema(openApiSchema, config);
  }

  /** The schema of the CRD with this plural name (e.g. loadtests), as generated into the jar. */
  public static CrdSchema of(String plural) {
    return LOADED.computeIfAbsent(plural, p -> {
      String resource = "META-INF/fabric8/" + p + ".loadlab.dev-v1.yml";
      try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is missing from the classpath");
        }
        JsonNode crd = YAML.readTree(in);
        return new CrdSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public JsonNode openApiSchema() {
    return openApiSchema;
  }

  /** Every schema problem of the document, each with its field path. */
  public List<FieldError> validate(JsonNode document) {
    var errors = new ArrayList<FieldError>();
    for (ValidationMessage m : jsonSchema.validate(document)) {
      errors.add(describe(m));
    }
    walk(openApiSchema, document, "", errors);
    errors.sort(Comparator.comparing(FieldError::path));
    return errors;
  }

  private static FieldError describe(ValidationMessage m) {
    String path = FieldPaths.fromJsonPath(m.getInstanceLocation().toString());
    JsonNode value = m.getInstanceNode();
    String message = switch (m.getType()) {
      case "required" -> {
        path = FieldPaths.child(path, m.getProperty());
        yield "required; add it";
      }
      case "enum" -> value + " is not allowed; use one of " + m.getSchemaNode();
      case "type" -> value + " is " + kind(value) + "; it must be " + m.getSchemaNode().asText();
      case "minimum" -> value + " is too small; the least allowed is " + number(m.getSchemaNode());
      case "maximum" -> value + " is too large; the most allowed is " + number(m.getSchemaNode());
      case "minItems" -> "needs at least " + m.getSchemaNode().asInt() + " item(s)";
      case "maxItems" -> "takes at most " + m.getSchemaNode().asInt() + " item(s)";
      case "minLength" -> "must not be empty";
      case "maxLength" -> "is longer than " + m.getSchemaNode().asInt() + " characters";
      case "pattern" -> patternMessage(value, m.getSchemaNode().asText());
      default -> m.getMessage().replaceFirst("^[^:]*: ", "");
    };
    return new FieldError(path, message);
  }

  private static String patternMessage(JsonNode value, String pattern) {
    if (pattern.contains("(ms|s|m|h)")) {
      String text = value.asText();
      int dots = text.indexOf("..");
      try {
        Durations.parseRange(text);
        return value + " does not match " + pattern;
      } catch (IllegalArgumentException e) {
        return e.getMessage() + (pattern.contains("\\.\\.") && dots < 0 ? ", or a range like 1s..3s" : "");
      }
    }
    return value + " does not match " + pattern;
  }

  private static String kind(JsonNode value) {
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.isObject() ? "an object" : "null";
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static void walk(JsonNode schema, JsonNode node, String path, List<FieldError> errors) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluateRule(rule, node, path, errors);
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    JsonNode properties = schema.get("properties");
    if (node.isObject() && properties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        JsonNode fieldSchema = properties.get(field.getKey());
        String fieldPath = FieldPaths.child(path, field.getKey());
        if (fieldSchema == null) {
          errors.add(new FieldError(fieldPath, unknownField(field.getKey(), properties)));
        } else {
          walk(fieldSchema, field.getValue(), fieldPath, errors);
        }
      }
    } else if (node.isObject() && schema.has("additionalProperties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        walk(schema.get("additionalProperties"), field.getValue(), FieldPaths.key(path, field.getKey()), errors);
      }
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        walk(schema.get("items"), node.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  private static String unknownField(String name, JsonNode properties) {
    var known = new ArrayList<String>();
    properties.fieldNames().forEachRemaining(known::add);
    String closest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, name))).orElse(null);
    String hint = closest != null && editDistance(closest, name) <= Math.max(2, name.length() / 3)
        ? "; did you mean \"" + closest + "\"?"
        : "; remove it";
    return "unknown field \"" + name + "\"" + hint + " (known fields: " + String.join(", ", known) + ")";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static void evaluateRule(JsonNode rule, JsonNode node, String path, List<FieldError> errors) {
    String expression = rule.path("rule").asText();
    String message = rule.path("message").asText("failed rule: " + expression);
    try {
      CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, CrdSchema::compileRule);
      Object result = program.eval(Map.of("self", CelValues.of(node, CelValues.Numbers.AS_WRITTEN)));
      if (!Boolean.TRUE.equals(result)) {
        errors.add(new FieldError(path, message));
      }
    } catch (CelEvaluationException e) {
      // The API server also rejects an object whose rule cannot be evaluated; the type error is
      // already reported by the schema check, so say which rule and why.
      errors.add(new FieldError(path, message + " (" + e.getMessage() + ")"));
    }
  }

  private static CelRuntime.Program compileRule(String expression) {
    try {
      return RULE_RUNTIME.createProgram(RULE_COMPILER.compile(expression).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("the CRD carries a CEL rule that does not compile: " + expression, e);
    }
  }
}
