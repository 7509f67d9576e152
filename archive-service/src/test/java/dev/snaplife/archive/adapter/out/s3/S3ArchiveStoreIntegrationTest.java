package dev.snaplife.archive.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The archive store against the emulator's S3. */
class S3ArchiveStoreIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final S3Client s3 = aws.target().client(S3Client.builder());

  @Test
  void aRetryAbortsTheUploadAKilledAttemptLeftAndWritesTheArchiveOnce() {
    String bucket = aws.names().archivesBucket(aws.target().accountId(), "us-east-1");
    S3Location location = new S3Location(bucket, "archives/test/db/orders/2026/12/dump.gz");
    S3Location neighbour = new S3Location(bucket, location.key() + ".other");
    // An attempt killed mid-dump: its upload has a part and never completes. Another key's
    // upload with the same prefix is not this archive's and stays.
    String orphan = startUploadWithAPart(location);
    String other = startUploadWithAPart(neighbour);

    var stored =
        new S3ArchiveStore(s3, 5 * 1024 * 1024, "snaplife-test-")
            .write(
                location,
                new ByteArrayInputStream("the dump".getBytes(StandardCharsets.UTF_8)),
                Compression.GZIP,
                StorageClass.GLACIER_IR,
                null);

    assertThat(stored.bytes()).isPositive();
    assertThat(s3.headObject(b -> b.bucket(bucket).key(location.key())).contentLength())
        .isEqualTo(stored.bytes());
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads())
        .extracting(u -> u.uploadId())
        .doesNotContain(orphan)
        .contains(other);
    s3.abortMultipartUpload(b -> b.bucket(bucket).key(neighbour.key()).uploadId(other));
  }

  private static String startUploadWithAPart(S3Location location) {
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket(location.bucket()).key(location.key())).uploadId();
    s3.uploadPart(
        b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId).partNumber(1),
        RequestBody.fromString("half a dump"));
    return uploadId;
  }
}
