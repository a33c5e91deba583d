package dev.loadlab.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.api.validation.UserExpressions.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserExpressionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Object eval(String expression, String responseJson, long status) throws Exception {
    Object json = UserExpressions.fromJson(JSON.readTree(responseJson));
    return UserExpressions.program(Context.HTTP, expression)
        .eval(Map.of("response", Map.of("status", status, "json", json)));
  }

  @Test
  void costFormulaWorksAsWrittenOverIntegerTokenCounts() throws Exception {
    Object cost = eval("response.json.usage.prompt_tokens / 1000.0 * 0.03 + response.json.usage.completion_tokens / 1000.0 * 0.06",
        "{\"usage\": {\"prompt_tokens\": 1200, \"completion_tokens\": 500}}", 200);

    assertThat((Double) cost).isCloseTo(0.066, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void jsonNumbersCompareWithIntLiterals() throws Exception {
    assertThat(eval("response.json.count == 3 && response.status == 200", "{\"count\": 3}", 200)).isEqualTo(true);
    assertThat(eval("response.json.count > 2", "{\"count\": 3}", 200)).isEqualTo(true);
  }

  @Test
  void nullJsonFieldsArePresentAndNull() throws Exception {
    assertThat(eval("has(response.json.next) && response.json.next == null", "{\"next\": null}", 200)).isEqualTo(true);
  }

  @Test
  void histogramKeyFromStatus() throws Exception {
    assertThat(eval("response.status < 400 ? 'success' : 'failure'", "{}", 503)).isEqualTo("failure");
  }
}
