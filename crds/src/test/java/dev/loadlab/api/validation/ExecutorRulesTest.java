package dev.loadlab.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.api.loadtest.Executor;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CRD's CEL rules on spec.scenarios[].load say exactly what {@link Executor} says. */
class ExecutorRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL = List.of("vus", "duration", "iterations", "stages", "rate", "startRate",
      "timeUnit", "startVUs", "preAllocatedVUs", "maxVUs", "maxDuration", "gracefulRampDown");
  private static final String LOAD = "spec.scenarios[0].load";

  @ParameterizedTest
  @EnumSource(Executor.class)
  void requiredParametersAloneAreAccepted(Executor executor) {
    assertThat(loadErrors(executor, executor.required())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void everyParameterOfTheExecutorIsAccepted(Executor executor) {
    var params = new java.util.HashSet<>(executor.parameters());
    params.addAll(Set.of("startTime", "gracefulStop"));
    assertThat(loadErrors(executor, params)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void eachMissingRequiredParameterIsRejected(Executor executor) {
    for (String required : executor.required()) {
      var params = new java.util.HashSet<>(executor.required());
      params.remove(required);
      assertThat(loadErrors(executor, params)).as("%s without %s", executor.id(), required)
          .anySatisfy(e -> assertThat(e.message()).startsWith(rulePrefix(executor)));
    }
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void eachParameterOfAnotherExecutorIsRejected(Executor executor) {
    for (String foreign : ALL.stream().filter(p -> !executor.parameters().contains(p)).toList()) {
      var params = new java.util.HashSet<>(executor.required());
      params.add(foreign);
      assertThat(loadErrors(executor, params)).as("%s with %s", executor.id(), foreign)
          .anySatisfy(e -> assertThat(e.message()).startsWith(rulePrefix(executor)));
    }
  }

  private static String rulePrefix(Executor executor) {
    return executor == Executor.PER_VU_ITERATIONS || executor == Executor.SHARED_ITERATIONS
        ? "per-vu-iterations and shared-iterations take" : executor.id() + " takes";
  }

  private static List<FieldError> loadErrors(Executor executor, Set<String> params) {
    ObjectNode load = JSON.createObjectNode().put("executor", executor.id());
    params.forEach(p -> load.set(p, sample(p)));
    ObjectNode doc = JSON.createObjectNode();
    doc.putObject("spec").putArray("scenarios").addObject()
        .put("name", "s").<ObjectNode>set("load", load)
        .putArray("steps").addObject().put("sleep", "1s");
    return CrdSchema.of("loadtests").validate(doc).stream().filter(e -> e.path().startsWith(LOAD)).toList();
  }

  private static JsonNode sample(String parameter) {
    return switch (parameter) {
      case "duration", "timeUnit", "maxDuration", "startTime", "gracefulStop", "gracefulRampDown" ->
          JSON.getNodeFactory().textNode("10s");
      case "stages" -> JSON.createArrayNode().add(JSON.createObjectNode().put("duration", "10s").put("target", 2));
      default -> JSON.getNodeFactory().numberNode(5);
    };
  }

  static Stream<Executor> executors() {
    return Stream.of(Executor.values());
  }
}
