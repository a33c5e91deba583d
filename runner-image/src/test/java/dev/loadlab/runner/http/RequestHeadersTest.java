package dev.loadlab.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes on the wire as a request's headers: loadlab's defaults, each replaced by a step's header of the same name. */
class RequestHeadersTest {

  private static CompiledStep.HttpCall step(String http) throws Exception {
    var test = (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: http://127.0.0.1:1\n  scenarios:\n    - name: s\n      load: {executor: per-vu-iterations, vus: 1, iterations: 1}\n"
        + "      steps: [{http: " + http + "}]\n").get(0);
    return (CompiledStep.HttpCall) TestPlan.compile(test, Segment.WHOLE, Map.of()).scenarios().get(0).steps()[0];
  }

  /** Every header as "name: value", in order, repeats included (as the encoder writes them). */
  private static List<String> wire(CharSequence[] pairs) {
    var out = new ArrayList<String>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(pairs[i] + ": " + pairs[i + 1]);
    }
    return out;
  }

  @Test
  void defaultsWithoutABody() throws Exception {
    assertThat(wire(RequestHeaders.of(step("{url: /}"), null, "example:8080", -1)))
        .containsExactly("host: example:8080", "user-agent: loadlab/0.1", "accept: */*", "accept-encoding: gzip");
  }

  @Test
  void aBodyBringsItsLengthAndType() throws Exception {
    assertThat(wire(RequestHeaders.of(step("{method: POST, url: /, json: {a: 1}}"), null, "h", 7)))
        .contains("content-length: 7", "content-type: application/json");
  }

  @Test
  void theStepsHeadersReplaceTheDefaultsOfTheSameNameWhateverTheirCase() throws Exception {
    var h = wire(RequestHeaders.of(step("{url: /, headers: {Accept: application/json, USER-AGENT: probe/1, X-Id: a}}"), null, "h", -1));

    assertThat(h).containsExactly("host: h", "accept-encoding: gzip", "Accept: application/json", "USER-AGENT: probe/1", "X-Id: a");
  }
}
