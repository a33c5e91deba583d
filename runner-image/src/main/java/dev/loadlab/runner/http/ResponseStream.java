package dev.loadlab.runner.http;

import dev.cel.runtime.CelEvaluationException;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.validation.BuiltInMetric;
import dev.loadlab.results.LoopMetrics;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.engine.CompiledStep;
import dev.loadlab.runner.engine.ExpressionEvaluator;
import dev.loadlab.runner.engine.VirtualUser;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * One VU's streamed response in flight (an http step with {@code stream}): events as they arrive, each timed, run
 * through the step's per-event extract and metrics and its {@code until}; at the end, the stream's figures recorded
 * per resource: time to first event, the gaps between events, events, events per second
 * ({@link BuiltInMetric#customSeries()}). Loop-confined, like its client.
 */
final class ResponseStream implements StreamDecoder.Sink {
  private final VirtualUser vu;
  private CompiledStep.Stream stream;
  private StreamDecoder decoder;
  private String resource;
  private Map<String, String> tags;
  private ResponseView head;
  private long requestStart;
  private long first;
  private long last;
  private long events;
  private boolean stopped;

  ResponseStream(VirtualUser vu) {
    this.vu = vu;
  }

  /** A streamed response's head arrived; its events follow. */
  void begin(CompiledStep.Stream stream, String resource, Map<String, String> tags, ResponseHead response,
      long requestStart) {
    this.stream = stream;
    this.decoder = new StreamDecoder(stream.sse());
    this.resource = resource;
    this.tags = tags;
    this.head = new ResponseView(response.status(), response, null);
    this.requestStart = requestStart;
    this.events = 0;
    this.stopped = false;
  }

  boolean active() {
    return decoder != null;
  }

  /** A piece of the body; false once {@code until} held (the stream ends at that event). */
  boolean feed(ByteBuf content) {
    return decoder.feed(content, this);
  }

  @Override
  public boolean onEvent(String type, String data) {
    long now = System.nanoTime();
    LoopMetrics m = vu.context().metrics();
    if (events == 0) {
      first = now;
    } else {
      m.custom(key(BuiltInMetric.HTTP_STREAM_EVENT_GAP), MetricType.TIMING, "ms", (now - last) / 1e6);
    }
    last = now;
    var event = new EventView(events, type, data, (now - requestStart) / 1e6, (now - first) / 1e6);
    events++;
    double elapsed = (now - requestStart) / 1e6;
    ExpressionEvaluator.evaluate(stream.expressions(), vu, resource, "event", event, elapsed, Map.of("response", head));
    if (stream.until() != null) {
      try {
        stopped = Boolean.TRUE.equals(stream.until().eval(ExpressionEvaluator.activation(vu, "event", event, elapsed,
            Map.of("response", head))));
      } catch (CelEvaluationException | RuntimeException e) {
        m.expressionError("stream until");
      }
    }
    return !stopped;
  }

  /**
   * The stream ended (its last byte, or {@code until}): its figures are recorded; a response with no event records
   * no time to first event, and its 0 events are counted.
   */
  void end() {
    if (decoder == null) {
      return;
    }
    if (!stopped) {
      decoder.finish(this);
    }
    LoopMetrics m = vu.context().metrics();
    if (events > 0) {
      m.custom(key(BuiltInMetric.HTTP_STREAM_FIRST_EVENT), MetricType.TIMING, "ms", (first - requestStart) / 1e6);
    }
    m.custom(key(BuiltInMetric.HTTP_STREAM_EVENTS), MetricType.COUNTER, "events", events);
    if (events >= 2 && last > first) {
      m.custom(key(BuiltInMetric.HTTP_STREAM_EVENT_RATE), MetricType.TREND, "events/s", (events - 1) / ((last - first) / 1e9));
    }
    decoder = null;
    stream = null;
    head = null;
  }

  /** Drops a stream that failed or timed out: nothing of it is recorded. */
  void abandon() {
    decoder = null;
    stream = null;
    head = null;
  }

  private Stats.CustomKey key(BuiltInMetric metric) {
    return new Stats.CustomKey(metric.metricName(), resource, tags);
  }
}
