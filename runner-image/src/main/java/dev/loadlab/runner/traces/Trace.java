package dev.loadlab.runner.traces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sampled exchange, as Testable keeps them: who sent it and what came back, as packets. Packets of the
 * same type are merged (headers merged, data concatenated, first and last timestamps kept), so a redirected
 * request is one trace with one request and one response packet.
 */
public final class Trace {
  public final long timestamp;
  public final String scenario;
  public final String resource;
  public final int vu;
  public final long iteration;
  public final List<Packet> packets = new ArrayList<>(2);
  public String method;
  public String url;
  public int status;
  public double durationMs;
  public String error;

  public Trace(long timestamp, String scenario, String resource, int vu, long iteration) {
    this.timestamp = timestamp;
    this.scenario = scenario;
    this.resource = resource;
    this.vu = vu;
    this.iteration = iteration;
  }

  /** A part of the exchange: "request" or "response" (or another type). */
  public static final class Packet {
    public final String type;
    public final Map<String, String> headers = new LinkedHashMap<>();
    public String data = "";
    public long firstTimestamp;
    public long lastTimestamp;
    public boolean truncated;

    Packet(String type) {
      this.type = type;
    }
  }

  /** Adds a packet, merging it into the packet of the same type if there is one. */
  public void add(String type, long timestamp, Map<String, String> headers, String data, int maxBytes) {
    Packet p = packets.stream().filter(x -> x.type.equals(type)).findFirst().orElse(null);
    if (p == null) {
      p = new Packet(type);
      p.firstTimestamp = timestamp;
      packets.add(p);
    }
    p.lastTimestamp = timestamp;
    p.headers.putAll(headers);
    String joined = p.data + (data == null ? "" : data);
    if (joined.length() > maxBytes) {
      joined = joined.substring(0, maxBytes);
      p.truncated = true;
    }
    p.data = joined;
  }
}
