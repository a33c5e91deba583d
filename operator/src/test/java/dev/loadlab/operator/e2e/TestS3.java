package dev.loadlab.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on loopback: s3proxy (Maven Central, its jar with dependencies copied to
 * target/s3proxy.jar by the build) over an in-memory store, with AWS signature checking on, in a process of its own.
 */
final class TestS3 implements AutoCloseable {
  static final String ACCESS_KEY = "loadlab-test";
  static final String SECRET_KEY = "loadlab-test-secret-key";
  static final Path JAR = Path.of("target", "s3proxy.jar").toAbsolutePath();
  private final Process process;
  final String endpoint;
  final S3Client client;

  private TestS3(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint)).forcePathStyle(true)
        // checksums only where S3 requires them: S3-compatible servers (MinIO, Ceph, s3proxy) refuse the SDK's
        // default trailing checksums (the x-amz-content-sha256 of an aws-chunked body)
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
  }

  static TestS3 start(Path dir) throws Exception {
    assertThat(JAR).as("s3proxy's jar (copied by the operator module's build)").exists();
    Files.createDirectories(dir);
    int port;
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=transient",
        "jclouds.identity=unused",
        "jclouds.credential=unused", ""));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
        JAR.toString(), "--properties", properties.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    var http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      assertThat(p.isAlive()).as("s3proxy running; its log: %s", dir.resolve("s3proxy.log")).isTrue();
      try {
        // any answer (403 to an anonymous request) means it listens
        http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        break;
      } catch (IOException e) {
        assertThat(System.nanoTime()).as("s3proxy answering within 60 s").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    return new TestS3(p, endpoint);
  }

  void createBucket(String bucket) {
    client.createBucket(r -> r.bucket(bucket));
  }

  byte[] get(String bucket, String key) {
    return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
  }

  boolean exists(String bucket, String key) {
    return client.listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
