package dev.loadlab.operator.grafana;

import dev.loadlab.api.dashboard.Panel.Aggregation;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The panels a LoadTest's generated dashboard adds for the protocols its steps use beyond plain HTTP: streamed
 * responses, gRPC calls and WebSocket sessions, each charted by its own built-in metrics.
 */
final class ProtocolPanels {
  /** One panel: {@code by} is the label its series are split by (and named after), {@code width} of 24 columns. */
  record Spec(String title, String metric, Aggregation aggregation, String unit, String by, int width) {
  }

  private ProtocolPanels() {
  }

  static List<Spec> of(LoadTest lt) {
    List<Step> steps = steps(lt.getSpec().scenarios == null ? List.of()
        : lt.getSpec().scenarios.stream().flatMap(s -> s.steps == null ? Stream.empty() : s.steps.stream()).toList());
    var out = new ArrayList<Spec>();
    if (steps.stream().anyMatch(s -> s.http != null && s.http.stream != null)) {
      // streamed responses: time to first event (token), time between events, events per second
      out.add(new Spec("Time to first event p95", "http_stream_first_event", Aggregation.P95, "s", "resource", 8));
      out.add(new Spec("Time between events p95", "http_stream_event_gap", Aggregation.P95, "s", "resource", 8));
      out.add(new Spec("Events per second", "http_stream_events", Aggregation.RATE, "short", "resource", 8));
    }
    if (steps.stream().anyMatch(s -> s.grpc != null)) {
      out.add(new Spec("gRPC calls per second by status", "grpc_reqs", Aggregation.RATE, "reqps", "grpc_status", 6));
      out.add(new Spec("gRPC call duration p95", "grpc_req_duration", Aggregation.P95, "s", "resource", 6));
      if (steps.stream().anyMatch(s -> s.grpc != null && s.grpc.stream != null)) {
        // server streams with per-message rules: first message, messages per second
        out.add(new Spec("Time to first message p95", "grpc_stream_first_message", Aggregation.P95, "s", "resource", 6));
        out.add(new Spec("Stream messages per second", "grpc_stream_messages", Aggregation.RATE, "short", "resource", 6));
      }
    }
    if (steps.stream().anyMatch(s -> s.websocket != null)) {
      out.add(new Spec("WebSocket sessions per second by outcome", "ws_sessions", Aggregation.RATE, "short", "ws_outcome", 6));
      out.add(new Spec("WebSocket connecting p95", "ws_connecting", Aggregation.P95, "s", "resource", 6));
      out.add(new Spec("WebSocket session duration p95", "ws_session_duration", Aggregation.P95, "s", "resource", 6));
      out.add(new Spec("WebSocket messages received per second", "ws_msgs_received", Aggregation.RATE, "short", "resource", 6));
    }
    return out;
  }

  /** Whether any step makes HTTP requests (gRPC calls count among them); WebSocket sessions do not. */
  static boolean makesRequests(LoadTest lt) {
    return steps(lt.getSpec().scenarios == null ? List.of()
        : lt.getSpec().scenarios.stream().flatMap(s -> s.steps == null ? Stream.empty() : s.steps.stream()).toList())
        .stream().anyMatch(s -> s.http != null || s.grpc != null);
  }

  /** The steps, with those of groups (at any depth) in their place. */
  private static List<Step> steps(List<Step> top) {
    var out = new ArrayList<Step>();
    for (Step s : top) {
      out.add(s);
      if (s.group != null && s.group.steps != null) {
        out.addAll(steps(s.group.steps));
      }
    }
    return out;
  }
}
