package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.runner.engine.Segment;
import dev.loadlab.results.Stats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the HTTP/1.1 client reads what servers really send, byte for byte: a scripted server on loopback answers each
 * path with fixed bytes, written a few bytes at a time so a head, a chunk size or a body arrives in pieces.
 */
class HttpWireTest {
  private ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer(Map.of(
        "/chunked", ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kind: chunks\r\n\r\n"
            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"),
        "/length", ascii("HTTP/1.1 200 OK\r\ncontent-length:   11  \r\n\r\nhello world"),
        "/close", ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello world"),
        "/continue", ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
        "/empty", ascii("HTTP/1.1 204 No Content\r\nX-Kind: none\r\n\r\n"),
        "/head", ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
        "/gzip", gzipChunked("hello world"),
        "/huge", ascii("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n")));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private Stats run(String steps) throws Exception {
    return TestRuns.run(TestRuns.loadTest(server.url(), "{executor: per-vu-iterations, vus: 1, iterations: 3}", steps),
        Segment.WHOLE, 30);
  }

  @Test
  void bodiesFramedEveryWayAreReadWhole() throws Exception {
    Stats stats = run("[{http: {url: /chunked, checks: [{name: chunked, expr: 'response.body == \"hello world\""
        + " && response.headers[\"x-kind\"] == \"chunks\"'}]}},"
        + " {http: {url: /length, checks: [{name: length, expr: 'response.body == \"hello world\"'}]}},"
        + " {http: {url: /continue, checks: [{name: interim, expr: 'response.status == 200 && response.body == \"ok\"'}]}},"
        + " {http: {url: /empty, checks: [{name: none, expr: 'response.status == 204 && response.body == \"\"'}]}},"
        + " {http: {method: HEAD, url: /head, checks: [{name: head, expr: 'response.body == \"\"'}]}},"
        + " {http: {url: /gzip, checks: [{name: gzip, expr: 'response.body == \"hello world\""
        + " && !(\"content-encoding\" in response.headers)'}]}},"
        + " {http: {url: /length}}]");

    assertThat(stats.checks()).containsEntry("chunked", new long[] {3, 0}).containsEntry("length", new long[] {3, 0})
        .containsEntry("interim", new long[] {3, 0}).containsEntry("none", new long[] {3, 0})
        .containsEntry("head", new long[] {3, 0}).containsEntry("gzip", new long[] {3, 0});
    assertThat(stats.connectionErrors()).isEmpty();
    // one keep-alive connection carried them all: bodies (and their absence) were framed right
    assertThat(server.connections()).isEqualTo(1);
    assertThat(stats.requests()).isEqualTo(21);
  }

  @Test
  void aResponseKeptInAVariableKeepsItsHeadersWhenTheConnectionReadsTheNext() throws Exception {
    // the connection reuses its head buffer, except for a head an expression's view still holds
    Stats stats = run("[{http: {url: /chunked, extract: [{name: first, expr: response}]}}, {http: {url: /length}},"
        + " {http: {url: /length, checks: [{name: kept, expr: 'vars.first.headers[\"x-kind\"] == \"chunks\"'}]}}]");

    assertThat(stats.checks()).containsEntry("kept", new long[] {3, 0});
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void aResponseThatClosesItsConnectionIsReadToTheCloseAndTheNextRequestOpensAnother() throws Exception {
    Stats stats = run("[{http: {url: /close, checks: [{name: closed, expr: 'response.body == \"hello world\"'}]}}]");

    assertThat(stats.checks()).containsEntry("closed", new long[] {3, 0});
    assertThat(stats.connectionErrors()).isEmpty();
    assertThat(server.connections()).isEqualTo(3);
  }

  @Test
  void aHeadLongerThanTheLimitFailsAsTooLarge() throws Exception {
    Stats stats = run("[{http: {url: /huge}}]");

    assertThat(stats.connectionErrors()).containsOnlyKeys("response_too_large");
    assertThat(stats.connectionErrors().get("response_too_large")[0]).isEqualTo(3);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] gzipChunked(String text) {
    try {
      var zipped = new ByteArrayOutputStream();
      try (var gz = new GZIPOutputStream(zipped)) {
        gz.write(text.getBytes(StandardCharsets.UTF_8));
      }
      byte[] body = zipped.toByteArray();
      int half = body.length / 2;
      var out = new ByteArrayOutputStream();
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(half) + "\r\n"));
      out.write(body, 0, half);
      out.write(ascii("\r\n" + Integer.toHexString(body.length - half) + "\r\n"));
      out.write(body, half, body.length - half);
      out.write(ascii("\r\n0\r\n\r\n"));
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers each request's path with its script's bytes, a few at a time; closes after "Connection: close". */
  static final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Map<String, byte[]> scripts;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    ScriptedServer(Map<String, byte[]> scripts) throws IOException {
      this.scripts = scripts;
      acceptor = new Thread(this::accept, "scripted-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          var t = new Thread(() -> serve(s), "scripted-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        s.setTcpNoDelay(true);
        String head;
        while ((head = readHead(in)) != null) {
          String path = head.split(" ", 3)[1];
          byte[] script = scripts.getOrDefault(path, ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
          for (int i = 0; i < script.length; i += 7) {
            out.write(script, i, Math.min(7, script.length - i));
            out.flush();
          }
          if (new String(script, StandardCharsets.ISO_8859_1).contains("Connection: close")) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    /** A request's head (requests here have no body), or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
      var head = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        head.append((char) b);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          return head.toString();
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
