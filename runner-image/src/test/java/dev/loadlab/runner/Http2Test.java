package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.results.Stats;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 against the demo target's real Netty HTTP/2 server: h2c with prior knowledge, h2 negotiated with ALPN over
 * TLS with a self-signed certificate, and HTTP/1.1 when the server offers no h2. The server counts the requests it
 * saw on HTTP/2 streams; every one the runner counted is among them.
 */
class Http2Test {
  private static final String STEPS = """
      steps:
        - http:
            url: /products/1
            checks: [{name: h2, expr: "response.protocol == 'HTTP/2'"}, {name: ok, expr: "response.status == 200"}]
        - http:
            method: POST
            url: /checkout
            json: {items: 2}
            checks: [{name: answered, expr: "has(response.json.success)"}]
        - http:
            method: POST
            url: /v1/chat/completions?ttftMs=5&tokenMs=1
            json: {stream: true, max_tokens: 5}
            stream: {events: sse, until: "event.data == '[DONE]'"}
      """;
  private DemoTarget target;

  @AfterEach
  void stop() {
    if (target != null) {
      target.close();
    }
  }

  private Stats run(String steps, boolean insecure) throws Exception {
    LoadTest test = (LoadTest) Manifests.read("h2.yaml", """
        apiVersion: loadlab.dev/v1alpha1
        kind: LoadTest
        metadata: {name: h2}
        spec:
          target: TARGET
          insecureSkipTLSVerify: INSECURE
          httpVersion: "2"
          scenarios:
            - name: s
              load: {executor: per-vu-iterations, vus: 3, iterations: 4}
        """.replace("TARGET", target.baseUrl()).replace("INSECURE", Boolean.toString(insecure)) + steps.indent(6)).get(0);
    TestPlan plan = TestPlan.compile(test, Segment.WHOLE, Map.of());
    try (var run = new LoadRun(plan, new LoadRun.Options(1, Map.of(), plan.insecureSkipTlsVerify()))) {
      run.start().get(30, TimeUnit.SECONDS);
      Stats s = run.snapshot();
      assertThat(s.connectionErrors()).as("connection errors").isEmpty();
      assertThat(s.expressionErrors()).as("expression errors").isEmpty();
      assertThat(s.failures()).isZero();
      return s;
    }
  }

  private long tally(String what) {
    return target.state().tallies().getOrDefault(what, 0L);
  }

  @Test
  void h2cWithPriorKnowledgeCarriesEveryRequestOnHttp2Streams() throws Exception {
    target = DemoTarget.start("127.0.0.1", 0, 1);

    Stats s = run(STEPS, false);

    assertThat(s.requests()).isEqualTo(36);
    assertThat(tally("http2_requests")).as("requests the server saw on HTTP/2 streams").isEqualTo(36);
    assertThat(s.checks().get("h2")).containsExactly(12, 0);
    assertThat(s.checks().get("answered")).containsExactly(12, 0);
    assertThat(s.custom().entrySet().stream().filter(e -> e.getKey().name().equals("http_stream_events"))
        .mapToDouble(e -> e.getValue().sum()).sum()).as("every event of the 12 streams").isEqualTo(tally("stream_events"));
  }

  @Test
  void h2OverTlsIsNegotiatedWithAlpn(@TempDir Path dir) throws Exception {
    target = DemoTarget.startTls("127.0.0.1", 0, 1, SslContextBuilder.forServer(keys(dir))
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)).build());

    Stats s = run(STEPS, true);

    assertThat(s.requests()).isEqualTo(36);
    assertThat(tally("http2_requests")).isEqualTo(36);
    assertThat(s.checks().get("h2")).containsExactly(12, 0);
  }

  @Test
  void aTlsServerWithoutH2IsSpokenToInHttp11(@TempDir Path dir) throws Exception {
    target = DemoTarget.startTls("127.0.0.1", 0, 1, SslContextBuilder.forServer(keys(dir)).build());

    Stats s = run(STEPS, true);

    assertThat(s.requests()).isEqualTo(36);
    assertThat(tally("http2_requests")).isZero();
    assertThat(s.checks().get("h2")).as("HTTP/1.1, as the server offered").containsExactly(0, 12);
    assertThat(s.checks().get("answered")).containsExactly(12, 0);
  }

  @Test
  void http11AndHttp2StepsToOneOriginKeepConnectionsApart() throws Exception {
    target = DemoTarget.start("127.0.0.1", 0, 1);

    Stats s = run("""
        steps:
          - http: {url: /products/1, httpVersion: "1.1", checks: [{name: h1, expr: "response.protocol == 'HTTP/1.1'"}]}
          - http: {url: /products/2, checks: [{name: h2, expr: "response.protocol == 'HTTP/2'"}]}
        """, false);

    assertThat(s.checks().get("h1")).containsExactly(12, 0);
    assertThat(s.checks().get("h2")).containsExactly(12, 0);
    assertThat(tally("http2_requests")).isEqualTo(12);
  }

  /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  private static KeyManagerFactory keys(Path dir) throws Exception {
    Path store = dir.resolve("demo.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "demo", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    return kmf;
  }
}
