package dev.loadlab.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** JSON values as CEL sees them: objects as maps, arrays as lists. */
final class CelValues {
  /** How JSON numbers enter CEL. */
  enum Numbers {
    /** Integers as int, others as double: what the Kubernetes API server does for CRD rules. */
    AS_WRITTEN,
    /** Every number as double: what user expressions get, so arithmetic never mixes int and double. */
    ALL_DOUBLE
  }

  private CelValues() {
  }

  static Object of(JsonNode node, Numbers numbers) {
    if (node.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      node.fields().forEachRemaining(e -> {
        // The API server treats a null field as absent; a JSON response keeps it (response.json.x == null).
        if (!e.getValue().isNull() || numbers == Numbers.ALL_DOUBLE) {
          map.put(e.getKey(), of(e.getValue(), numbers));
        }
      });
      return map;
    }
    if (node.isArray()) {
      var list = new ArrayList<Object>(node.size());
      node.forEach(n -> list.add(of(n, numbers)));
      return list;
    }
    if (node.isIntegralNumber() && numbers == Numbers.AS_WRITTEN) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.isNull() ? NullValue.NULL_VALUE : node.asText();
  }
}
