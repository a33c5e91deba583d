package dev.loadlab.operator.records;

import dev.loadlab.operator.OperatorSettings.RecordBucket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Puts and deletes run records in the configured S3-compatible bucket. One client, made on first use. */
public final class RecordBucketClient implements AutoCloseable {
  private final RecordBucket bucket;
  private final S3Client s3;

  public RecordBucketClient(RecordBucket bucket) {
    this.bucket = bucket;
    var builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(bucket.region()))
        .forcePathStyle(bucket.pathStyle())
        // checksums only where S3 requires them: S3-compatible servers (MinIO, Ceph, s3proxy) refuse the SDK's
        // default trailing checksums (the x-amz-content-sha256 of an aws-chunked body)
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(bucket.accessKeyId() != null && bucket.secretAccessKey() != null
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(bucket.accessKeyId(), bucket.secretAccessKey()))
            : DefaultCredentialsProvider.builder().build());
    if (bucket.endpoint() != null) {
      builder.endpointOverride(URI.create(bucket.endpoint()));
    }
    s3 = builder.build();
  }

  public RecordBucket bucket() {
    return bucket;
  }

  /** Stores the gzipped record under the key; its URL, s3://bucket/key. */
  public String put(String key, byte[] gzipped) {
    s3.putObject(r -> r.bucket(bucket.bucket()).key(key).contentType("application/gzip"),
        RequestBody.fromBytes(gzipped));
    return "s3://" + bucket.bucket() + "/" + key;
  }

  public byte[] get(String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket.bucket()).key(key)).asByteArray();
  }

  public void delete(String key) {
    s3.deleteObject(r -> r.bucket(bucket.bucket()).key(key));
  }

  @Override
  public void close() {
    s3.close();
  }
}
