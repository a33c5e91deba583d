package dev.loadlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.runner.demo.DemoTarget;
import dev.loadlab.runner.engine.Segment;
import dev.loadlab.runner.engine.TestPlan;
import dev.loadlab.results.Stats;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a demo target with a self-signed certificate made by the JDK's keytool. */
class TlsTest {
  DemoTarget target;

  @BeforeEach
  void startTlsTarget(@TempDir Path dir) throws Exception {
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
    target = DemoTarget.startTls("127.0.0.1", 0, 1, SslContextBuilder.forServer(kmf).build(),
        io.grpc.netty.GrpcSslContexts.configure(SslContextBuilder.forServer(kmf)).build());
  }

  @AfterEach
  void stopTarget() {
    target.close();
  }

  LoadTest test(boolean insecure) {
    return (LoadTest) Manifests.read("t.yaml", "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\n"
        + "spec:\n  target: " + target.baseUrl() + "\n" + (insecure ? "  insecureSkipTLSVerify: true\n" : "")
        + "  scenarios:\n    - name: s\n      load: {executor: per-vu-iterations, vus: 2, iterations: 5}\n"
        + "      steps: [{http: {url: /products/1, checks: [{name: ok, expr: 'response.status == 200'}]}}]\n").get(0);
  }

  Stats run(LoadTest test) throws Exception {
    TestPlan plan = TestPlan.compile(test, Segment.WHOLE, Map.of());
    try (var run = new LoadRun(plan, new LoadRun.Options(1, Map.of(), plan.insecureSkipTlsVerify()))) {
      run.start().get(20, TimeUnit.SECONDS);
      return run.snapshot();
    }
  }

  @Test
  void selfSignedTargetWorksWithInsecureSkipTlsVerify() throws Exception {
    Stats stats = run(test(true));

    assertThat(stats.checks().get("ok")).containsExactly(10, 0);
    assertThat(target.requests()).isEqualTo(10);
  }

  @Test
  void selfSignedTargetIsRefusedByDefault() throws Exception {
    Stats stats = run(test(false));

    assertThat(stats.failures()).isEqualTo(10);
    assertThat(stats.connectionErrors().get("tls")[0]).isEqualTo(10);
    assertThat(target.requests()).isZero();
  }

  @Test
  void grpcsCallsGoOverTlsAndASelfSignedServerIsRefusedUnlessTold() throws Exception {
    String yaml = "apiVersion: loadlab.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: g}\nspec:\n"
        + "  INSECURE  scenarios:\n    - name: s\n      load: {executor: per-vu-iterations, vus: 2, iterations: 5}\n"
        + "      steps: [{grpc: {target: 'grpcs://127.0.0.1:" + target.grpcPort() + "', "
        + "method: loadlab.demo.v1.Inventory/GetItem, message: {sku: a}, "
        + "checks: [{name: ok, expr: \"response.status == 'OK'\"}]}}]\n";
    Stats stats = run((LoadTest) Manifests.read("g.yaml", yaml.replace("INSECURE", "insecureSkipTLSVerify: true\n")).get(0));
    assertThat(stats.checks().get("ok")).containsExactly(10, 0);
    assertThat(target.state().tallies().get("grpc_calls")).isEqualTo(10);

    // without it, the runner does not trust the certificate: it says so at the step's target, before any load
    TestPlan plan = TestPlan.compile((LoadTest) Manifests.read("g.yaml", yaml.replace("INSECURE", "")).get(0),
        Segment.WHOLE, Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadRun(plan, new LoadRun.Options(1, Map.of(), false)).close())
        .hasMessageContaining("spec.scenarios[0].steps[0].grpc.target: cannot reach grpcs://127.0.0.1:" + target.grpcPort())
        .hasMessageContaining("PKIX");
  }
}
