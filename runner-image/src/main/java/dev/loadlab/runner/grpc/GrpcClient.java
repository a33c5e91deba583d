package dev.loadlab.runner.grpc;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.validation.BuiltInMetric;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.LoopContext;
import dev.loadlab.runner.engine.ProtocolClient;
import dev.loadlab.runner.engine.VirtualUser;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientStreamTracer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC call at a time for one VU, on a channel (one HTTP/2 connection) per server that the VU keeps across
 * iterations. The channel's I/O and every callback run on the VU's event loop. Per call: grpc_reqs and
 * grpc_req_duration with the label grpc_status; for server streaming, each message timed as it arrives
 * (grpc_stream_first_message from the call's start, grpc_stream_message_gap) and counted (grpc_stream_messages); and
 * the call as a request of the HTTP view (http_reqs, http_req_duration, failed unless OK, message bytes as data).
 */
public final class GrpcClient implements ProtocolClient<CompiledStep.GrpcCall> {
  private final VirtualUser vu;
  private final LoopContext ctx;
  private final Map<String, GrpcSchemas.Method> methods;
  private final GrpcChannels channels;
  private final Map<String, ManagedChannel> open = new HashMap<>(2);
  /** The labels of grpc_reqs and grpc_req_duration: the step's tags plus grpc_status, made once per step and code. */
  private final Map<CompiledStep.GrpcCall, EnumMap<Status.Code, Map<String, String>>> statusTags = new HashMap<>();
  private final ClientStreamTracer.Factory tracer = new ClientStreamTracer.Factory() {
    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
      long id = exchange;
      return new ClientStreamTracer() {
        @Override
        public void outboundWireSize(long bytes) {
          if (id == exchange) {
            bytesOut += bytes;
          }
        }

        @Override
        public void inboundWireSize(long bytes) {
          if (id == exchange) {
            bytesIn += bytes;
          }
        }
      };
    }
  };

  private long exchange;
  private ClientCall<DynamicMessage, DynamicMessage> inFlight;
  private CompiledStep.GrpcCall call;
  private GrpcSchemas.Method method;
  private long start;
  private long first;
  private long last;
  private long messages;
  private long bytesIn;
  private long bytesOut;
  private boolean untilHeld;
  /** Whether the call went out: false when loadlab could not write its request message. */
  private boolean sent;
  private Metadata headers;
  private DynamicMessage reply;

  public GrpcClient(VirtualUser vu, Map<String, GrpcSchemas.Method> methods, GrpcChannels channels) {
    this.vu = vu;
    this.ctx = vu.context();
    this.methods = methods;
    this.channels = channels;
  }

  @Override
  public void execute(CompiledStep.GrpcCall step) {
    long id = ++exchange;
    call = step;
    method = methods.get(step.path());
    messages = 0;
    bytesIn = 0;
    bytesOut = 0;
    untilHeld = false;
    sent = false;
    headers = null;
    reply = null;
    start = vu.takeRequestStart(System.nanoTime());
    DynamicMessage request = method.request();
    try {
      if (request == null) {
        request = GrpcMessages.parse(step.message().render(vu), method.input());
      }
    } catch (InvalidProtocolBufferException e) {
      // only a message with ${vars...} gets here: a constant one was checked before the run
      finish(id, Status.INVALID_ARGUMENT.withDescription("loadlab could not write the " + method.input().getFullName()
          + " request from the step's variables (" + step.path() + ".message): " + e.getMessage()), new Metadata());
      return;
    }
    var metadata = new Metadata();
    step.metadata().forEach(h -> metadata.put(Metadata.Key.of(h.name(), Metadata.ASCII_STRING_MARSHALLER), h.value().render(vu)));
    ManagedChannel channel = open.computeIfAbsent(step.target(), t -> channels.open(t, ctx.loop(), ctx.loop()));
    var c = channel.newCall(method.call(), CallOptions.DEFAULT
        .withDeadlineAfter(step.timeoutNanos(), TimeUnit.NANOSECONDS).withStreamTracerFactory(tracer));
    inFlight = c;
    sent = true; // callbacks run on this loop, after this method: none can see sent before it is set
    c.start(new Listener(id), metadata);
    c.request(1);
    c.sendMessage(request);
    c.halfClose();
  }

  private final class Listener extends ClientCall.Listener<DynamicMessage> {
    private final long id;

    Listener(long id) {
      this.id = id;
    }

    @Override
    public void onHeaders(Metadata h) {
      if (id == exchange) {
        headers = h;
      }
    }

    @Override
    public void onMessage(DynamicMessage m) {
      if (id != exchange || untilHeld) {
        return;
      }
      long now = System.nanoTime();
      reply = m;
      if (method.serverStreaming()) {
        message(now, m);
      } else if (messages++ == 0) {
        first = now;
      }
      if (!untilHeld) {
        inFlight.request(1);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      finish(id, untilHeld ? Status.OK : status, trailers);
    }
  }

  /** One message of a server stream: timed, counted, given to the step's per-message rules. */
  private void message(long now, DynamicMessage m) {
    LoopMetrics metrics = ctx.metrics();
    if (messages == 0) {
      first = now;
      metrics.custom(key(BuiltInMetric.GRPC_STREAM_FIRST_MESSAGE, call.tags()), MetricType.TIMING, "ms", (now - start) / 1e6);
    } else {
      metrics.custom(key(BuiltInMetric.GRPC_STREAM_MESSAGE_GAP, call.tags()), MetricType.TIMING, "ms", (now - last) / 1e6);
    }
    last = now;
    long index = messages++;
    var stream = call.stream();
    if (stream == null) {
      return;
    }
    var extra = new HashMap<String, Object>(4);
    extra.put("index", (double) index);
    extra.put("response", Map.of("headers", GrpcResponses.metadata(headers)));
    double elapsed = (now - start) / 1e6;
    Map<String, Object> message = GrpcMessages.toCel(m);
    dev.loadlab.runner.engine.ExpressionEvaluator.evaluate(stream.expressions(), vu, call.resource(), "message", message,
        elapsed, extra);
    if (stream.until() != null && GrpcResponses.holds(stream.until(), vu, message, elapsed, extra)) {
      untilHeld = true;
      inFlight.cancel("loadlab: stream.until held", null);
    }
  }

  private void finish(long id, Status status, Metadata trailers) {
    if (id != exchange) {
      return;
    }
    exchange++; // later callbacks of this call are ignored
    inFlight = null;
    long now = System.nanoTime();
    long elapsed = now - start;
    LoopMetrics m = ctx.metrics();
    Status.Code code = status.getCode();
    var tags = statusTags.computeIfAbsent(call, k -> new EnumMap<>(Status.Code.class)).computeIfAbsent(code, k -> {
      var t = new TreeMap<>(call.tags());
      t.put("grpc_status", k.name());
      return Map.copyOf(t);
    });
    m.custom(key(BuiltInMetric.GRPC_REQS, tags), MetricType.COUNTER, "calls", 1);
    m.custom(key(BuiltInMetric.GRPC_REQ_DURATION, tags), MetricType.TIMING, "ms", elapsed / 1e6);
    if (method.serverStreaming()) {
      m.custom(key(BuiltInMetric.GRPC_STREAM_MESSAGES, call.tags()), MetricType.COUNTER, "messages", messages);
    }
    // The server answered unless the call ended without a word from it (no connection, or nothing before the deadline),
    // or never went out (a request message loadlab could not write from the step's variables).
    boolean answered = sent && (headers != null || messages > 0 || !GrpcResponses.local(code));
    if (!sent) {
      m.connectionError("grpc_invalid_message");
    } else if (!answered && code == Status.Code.UNAVAILABLE) {
      m.connectionError("grpc_unavailable");
    }
    long waiting = messages > 0 ? first - start : elapsed;
    m.request(new ResourceKey(vu.scenario().name(), call.resource(), call.tags()), answered ? 200 : 0, code != Status.Code.OK,
        0, 0, 0, 0, waiting, elapsed - waiting, elapsed, bytesOut, bytesIn);
    if (call.readsResponse()) {
      var response = GrpcResponses.response(status, headers, trailers, reply, messages);
      dev.loadlab.runner.engine.ExpressionEvaluator.evaluate(call.expressions(), vu, call.resource(), "response", response,
          elapsed / 1e6, Map.of());
    }
    vu.next();
  }

  private Stats.CustomKey key(BuiltInMetric metric, Map<String, String> tags) {
    return new Stats.CustomKey(metric.metricName(), call.resource(), tags);
  }

  @Override
  public void close() {
    exchange++;
    if (inFlight != null) {
      inFlight.cancel("loadlab: the virtual user stopped", null);
      inFlight = null;
    }
    open.values().forEach(ManagedChannel::shutdownNow);
    open.clear();
  }
}
