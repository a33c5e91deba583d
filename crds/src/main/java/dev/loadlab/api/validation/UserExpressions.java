package dev.loadlab.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;

/**
 * The CEL environment of the expressions users write in steps (checks, extract, metric value/key/when,
 * WebSocket receive.until). Every variable is dynamically typed; JSON numbers enter CEL as double, so
 * {@code response.json.usage.prompt_tokens / 1000.0} works as written, and int/double comparisons are
 * allowed ({@code response.json.count == 3}).
 */
public final class UserExpressions {
  /** Variables of expressions over an HTTP response. */
  public static final List<String> HTTP_VARIABLES =
      List.of("response", "vars", "env", "vu", "iteration", "scenario", "elapsedMs");
  /** Variables of expressions over a WebSocket exchange. */
  public static final List<String> WEBSOCKET_VARIABLES =
      List.of("message", "received", "vars", "env", "vu", "iteration", "scenario", "elapsedMs");

  /** Variables of expressions over one event of a streamed HTTP response ({@code response}: its status and headers). */
  public static final List<String> STREAM_VARIABLES =
      List.of("event", "response", "vars", "env", "vu", "iteration", "scenario", "elapsedMs");

  /** Variables of expressions over a finished gRPC call ({@code response}: status, code, message, headers, ...). */
  public static final List<String> GRPC_VARIABLES =
      List.of("response", "vars", "env", "vu", "iteration", "scenario", "elapsedMs");

  /** Variables of expressions over one message of a server-streaming gRPC call. */
  public static final List<String> GRPC_STREAM_VARIABLES =
      List.of("message", "index", "response", "vars", "env", "vu", "iteration", "scenario", "elapsedMs");

  public static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .build();

  private static final CelCompiler HTTP = compiler(HTTP_VARIABLES);
  private static final CelCompiler WEBSOCKET = compiler(WEBSOCKET_VARIABLES);
  private static final CelCompiler STREAM = compiler(STREAM_VARIABLES);
  private static final CelCompiler GRPC = compiler(GRPC_VARIABLES);
  private static final CelCompiler GRPC_STREAM = compiler(GRPC_STREAM_VARIABLES);

  public enum Context {
    HTTP, WEBSOCKET, STREAM, GRPC, GRPC_STREAM;

    /** The variables an expression of this context may use. */
    public List<String> variables() {
      return switch (this) {
        case HTTP -> HTTP_VARIABLES;
        case WEBSOCKET -> WEBSOCKET_VARIABLES;
        case STREAM -> STREAM_VARIABLES;
        case GRPC -> GRPC_VARIABLES;
        case GRPC_STREAM -> GRPC_STREAM_VARIABLES;
      };
    }
  }

  private UserExpressions() {
  }

  private static CelCompiler compiler(List<String> variables) {
    var builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
    variables.forEach(v -> builder.addVar(v, SimpleType.DYN));
    return builder.build();
  }

  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** A compiled expression, ready to evaluate many times (thread-safe). */
  public static CelRuntime.Program program(Context context, String expression)
      throws CelValidationException, CelEvaluationException {
    return RUNTIME.createProgram(compile(context, expression));
  }

  /**
   * A JSON value as user expressions see it: objects as maps, arrays as lists, and every number as
   * double, so that token counts and prices mix in arithmetic without int/double casts.
   */
  public static Object fromJson(JsonNode node) {
    return CelValues.of(node, CelValues.Numbers.ALL_DOUBLE);
  }

  /** Compiles an expression of the given context; throws CelValidationException with CEL's own message. */
  public static CelAbstractSyntaxTree compile(Context context, String expression) throws CelValidationException {
    return (switch (context) {
      case HTTP -> HTTP;
      case WEBSOCKET -> WEBSOCKET;
      case STREAM -> STREAM;
      case GRPC -> GRPC;
      case GRPC_STREAM -> GRPC_STREAM;
    }).compile(expression).getAst();
  }
}
