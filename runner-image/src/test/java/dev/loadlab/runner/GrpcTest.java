package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.validation.InvalidResourceException;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC steps against the demo target's grpc-java server (reflection, a unary and a server-streaming method): calls and
 * messages counted as the server counted them, by status; the first message timed from the call; schema problems
 * reported at the step's field before any load.
 */
class GrpcTest extends DemoTargetTest {
  @TempDir
  Path dir;

  private LoadTest test(String steps, int iterations) {
    return (LoadTest) Manifests.read("grpc.yaml", """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: grpc}
        spec:
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 2, iterations: ITERATIONS}
              steps:
        STEPS""".replace("ITERATIONS", Integer.toString(iterations)).replace("STEPS", steps.indent(8))).get(0);
  }

  private LoadRun.Options options(Path configMaps) {
    return new LoadRun.Options(0, Map.of("demo-target:9090", new InetSocketAddress("127.0.0.1", target.grpcPort())),
        false, configMaps);
  }

  private Stats run(String steps, int iterations, Path configMaps) throws Exception {
    try (var run = new LoadRun(TestPlan.compile(test(steps, iterations), Segment.WHOLE, Map.of()), options(configMaps))) {
      run.start().get(60, TimeUnit.SECONDS);
      Stats stats = run.snapshot();
      assertThat(stats.expressionErrors()).as("expression errors").isEmpty();
      assertThat(stats.connectionErrors()).as("connection errors").isEmpty();
      return stats;
    }
  }

  private static double sum(Stats s, String name, String status) {
    return s.custom().entrySet().stream().filter(e -> e.getKey().name().equals(name)
            && (status == null || status.equals(e.getKey().tags().get("grpc_status"))))
        .mapToDouble(e -> e.getValue().sum()).sum();
  }

  private static CustomSeries series(Stats s, String name) {
    return s.custom().entrySet().stream().filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no series " + name + " in " + s.custom().keySet()));
  }

  @Test
  void everyCallAndMessageTheServerSawIsCountedByStatusAndTheFirstMessageIsTimedFromTheCall() throws Exception {
    Stats s = run("""
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            message: {sku: "SKU-${vu}-${iteration}"}
            checks:
              - {name: found, expr: "response.status == 'OK' && response.code == 0.0"}
              - {name: named, expr: "response.message.name == 'Item ' + response.message.sku"}
              - {name: tagged, expr: "'demo' in response.message.tags"}
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            resource: unknown sku
            message: {sku: missing}
            checks:
              - {name: not found, expr: "response.status == 'NOT_FOUND' && response.statusMessage.contains('missing')"}
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Chat/Generate
            message: {prompt: "one two three", max_tokens: 6, ttft_ms: 80, token_ms: 20}
            stream:
              metrics:
                # the client's own share of the time to first message: what it measured less what the server took
                - {name: client_share, type: timing, when: "index == 0.0", value: "elapsedMs - message.sentAfterMs"}
                - {name: tokens, type: counter, units: tokens, when: "has(message.usage)", value: "message.usage.completionTokens"}
            checks:
              - {name: six messages, expr: "response.messages == 6.0 && response.message.finishReason == 'stop'"}
        """, 10, null);

    var served = target.state().tallies();
    assertThat(served.get("grpc_calls")).isEqualTo(60);
    assertThat(sum(s, "grpc_reqs", null)).as("calls counted").isEqualTo(60.0);
    assertThat(sum(s, "grpc_reqs", "OK")).isEqualTo(40.0);
    assertThat(sum(s, "grpc_reqs", "NOT_FOUND")).isEqualTo(20.0).isEqualTo(served.get("grpc_not_found").doubleValue());
    assertThat(sum(s, "grpc_stream_messages", null)).as("messages counted")
        .isEqualTo(served.get("grpc_messages_sent").doubleValue()).isEqualTo(20 * 6.0);
    assertThat(sum(s, "tokens", null)).isEqualTo(20 * 6.0);
    assertThat(s.checks().values().stream().allMatch(c -> c[1] == 0)).as("no check failed: " + s.checks()).isTrue();
    assertThat(s.checks().get("found")[0]).isEqualTo(20);
    // the HTTP view: every call a request, the NOT_FOUND ones failed
    assertThat(s.requests()).isEqualTo(60);
    assertThat(s.failures()).isEqualTo(20);
    assertThat(s.bytesReceived()).isPositive();
    var first = series(s, "grpc_stream_first_message").distribution();
    assertThat(first.getTotalCount()).isEqualTo(20);
    // the server sends the first token 80 ms after the request: never sooner; the client's and loopback's own share is
    // at most 5 ms in the fastest of 20 (a busy machine may delay some, not every one)
    assertThat(first.getMinValue()).as("fastest time to first message, ms").isGreaterThanOrEqualTo(80.0);
    var share = series(s, "client_share").distribution();
    assertThat(share.getTotalCount()).isEqualTo(20);
    assertThat(share.getMinValue()).as("client's share of a time to first message, ms").isBetween(0.0, 5.0);
    var gaps = series(s, "grpc_stream_message_gap").distribution();
    assertThat(gaps.getTotalCount()).as("5 gaps per stream").isEqualTo(20 * 5);
    assertThat(gaps.getValueAtPercentile(50)).as("median gap, ms: tokens 20 ms apart").isBetween(15.0, 25.0);
  }

  @Test
  void untilEndsTheStreamAtItsMessageAsOkAndTheDeadlineEndsASlowCall() throws Exception {
    Stats s = run("""
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Chat/Generate
            resource: generate
            message: {max_tokens: 40, ttft_ms: 10, token_ms: 50}
            stream: {until: "index == 2.0"}
            checks:
              - {name: ended early and OK, expr: "response.status == 'OK' && response.messages == 3.0"}
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            resource: slow
            message: {sku: a, delay_ms: 2000}
            timeout: 100ms
        """, 3, null);

    assertThat(sum(s, "grpc_stream_messages", null)).as("3 messages of each of 6 streams").isEqualTo(18.0);
    assertThat(sum(s, "grpc_reqs", "OK")).isEqualTo(6.0);
    assertThat(sum(s, "grpc_reqs", "DEADLINE_EXCEEDED")).isEqualTo(6.0);
    assertThat(s.checks().get("ended early and OK")).containsExactly(6L, 0L);
    // 10 ms + 2 x 50 ms: complete at the third message, not after 40 tokens (2 s)
    var generate = s.resources().entrySet().stream().filter(e -> e.getKey().resource().equals("generate")).findFirst().orElseThrow();
    assertThat(generate.getValue().duration().getMaxValue() / 1000.0).as("slowest stream, ms").isLessThan(1000);
    var slow = s.resources().entrySet().stream().filter(e -> e.getKey().resource().equals("slow")).findFirst().orElseThrow();
    assertThat(slow.getValue().duration().getMaxValue() / 1000.0).as("slowest deadline-bound call, ms").isLessThan(1000);
  }

  @Test
  void aRequestMessageTheStepsVariablesMakeInvalidFailsWithoutGoingOut() throws Exception {
    String steps = """
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            message: {sku: a}
            extract: [{name: delay, expr: "'soon'"}]
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            resource: templated
            message: {sku: b, delay_ms: "${vars.delay}"}
            checks: [{name: refused here, expr: "response.status == 'INVALID_ARGUMENT' && response.statusMessage.contains('ItemRequest') && response.statusMessage.contains('soon')"}]
        """;
    try (var run = new LoadRun(TestPlan.compile(test(steps, 2), Segment.WHOLE, Map.of()), options(null))) {
      run.start().get(60, TimeUnit.SECONDS);
      Stats s = run.snapshot();
      assertThat(target.state().tallies().get("grpc_calls")).as("only the valid calls reached the server").isEqualTo(4);
      assertThat(s.checks().get("refused here")).containsExactly(4L, 0L);
      assertThat(s.connectionErrors()).containsOnlyKeys("grpc_invalid_message");
      assertThat(s.connectionErrors().get("grpc_invalid_message")[0]).isEqualTo(4);
      var templated = s.resources().entrySet().stream().filter(e -> e.getKey().resource().equals("templated"))
          .findFirst().orElseThrow().getValue();
      assertThat(templated.statuses()[0]).as("no answer: status 0").isEqualTo(4);
      assertThat(templated.failures()).isEqualTo(4);
    }
  }

  @Test
  void theSchemaCanComeFromADescriptorSetInAConfigMap() throws Exception {
    Files.createDirectories(dir.resolve("demo-protos"));
    Files.write(dir.resolve("demo-protos").resolve("demo.protoset"), DemoTarget.grpcSchema().toByteArray());
    Stats s = run("""
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            schema: {configMapKeyRef: {name: demo-protos, key: demo.protoset}}
            message: {sku: b}
        """, 2, dir);
    assertThat(sum(s, "grpc_reqs", "OK")).isEqualTo(4.0);
  }

  @Test
  void whatTheSchemaDoesNotHaveIsAnErrorAtTheStepsFieldBeforeAnyLoad() {
    String steps = """
        - grpc: {target: "grpc://demo-target:9090", method: loadlab.demo.v1.Inventory/Restock}
        - grpc: {target: "grpc://demo-target:9090", method: loadlab.demo.v1.Warehouse/GetItem}
        - grpc: {target: "grpc://demo-target:9090", method: loadlab.demo.v1.Inventory/GetItem, message: {skew: x}}
        - grpc:
            target: grpc://demo-target:9090
            method: loadlab.demo.v1.Inventory/GetItem
            schema: {configMapKeyRef: {name: protos, key: api.protoset}}
        """;
    var plan = TestPlan.compile(test(steps, 1), Segment.WHOLE, Map.of());
    assertThatThrownBy(() -> new LoadRun(plan, options(dir)).close())
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("spec.scenarios[0].steps[0].grpc.method: service loadlab.demo.v1.Inventory has no method "
            + "Restock; it has GetItem")
        .hasMessageContaining("spec.scenarios[0].steps[1].grpc.method: the server at grpc://demo-target:9090 has no "
            + "service loadlab.demo.v1.Warehouse; it has loadlab.demo.v1.Chat, loadlab.demo.v1.Inventory")
        .hasMessageContaining("spec.scenarios[0].steps[2].grpc.message: not a loadlab.demo.v1.Inventory/GetItem request")
        .hasMessageContaining("skew")
        .hasMessageContaining("spec.scenarios[0].steps[3].grpc.schema.configMapKeyRef: no ")
        .hasMessageContaining("ConfigMap protos lacks the key api.protoset");
  }

  @Test
  void aServerWithoutReflectionOrNoServerAtAllIsAnErrorNamingTheTarget() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    // a real grpc-java server that offers no reflection service (every method it is asked: UNIMPLEMENTED)
    var bare = io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    try {
      String steps = """
          - grpc: {target: "grpc://127.0.0.1:BARE", method: loadlab.demo.v1.Inventory/GetItem}
          - grpc: {target: "grpc://127.0.0.1:CLOSED", method: loadlab.demo.v1.Inventory/GetItem}
          """.replace("BARE", Integer.toString(bare.getPort())).replace("CLOSED", Integer.toString(closed));
      var plan = TestPlan.compile(test(steps, 1), Segment.WHOLE, Map.of());
      assertThatThrownBy(() -> new LoadRun(plan, options(null)).close())
          .isInstanceOf(InvalidResourceException.class)
          .hasMessageContaining("spec.scenarios[0].steps[0].grpc.target: grpc://127.0.0.1:" + bare.getPort()
              + " does not offer the reflection service (grpc.reflection.v1 nor v1alpha): enable it on the server, or "
              + "give the schema as a FileDescriptorSet in schema.configMapKeyRef")
          .hasMessageContaining("spec.scenarios[0].steps[1].grpc.target: cannot reach grpc://127.0.0.1:" + closed
              + " to read its schema by reflection: UNAVAILABLE")
          .hasMessageContaining("Connection refused");
    } finally {
      bare.shutdownNow();
    }
  }
}
