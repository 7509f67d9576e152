package dev.snaplife.archive.adapter.out.s3;

import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.S3Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tier;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Archives as S3 objects, written by a multipart upload fed as the dump streams: the calling thread
 * compresses and digests into a part buffer while one uploader thread sends the previous part, so
 * at most three buffers exist whatever the archive's size. A failure anywhere aborts the upload.
 */
public final class S3ArchiveStore implements ArchiveStore {

  private static final Logger log = LoggerFactory.getLogger(S3ArchiveStore.class);
  private static final long MIN_PART = 5L * 1024 * 1024;

  /** S3 takes at most 10,000 parts: the part size doubles every this many, so it never runs out. */
  static final int PARTS_PER_SIZE = 1000;

  private final S3Client s3;
  private final long partSize;
  private final String ruleIdPrefix;

  /**
   * @param ruleIdPrefix names the bucket lifecycle rules this environment owns
   */
  public S3ArchiveStore(S3Client s3, long partSize, String ruleIdPrefix) {
    if (partSize < MIN_PART) {
      throw new IllegalArgumentException("a part must be at least 5 MiB, not " + partSize);
    }
    this.s3 = s3;
    this.partSize = partSize;
    this.ruleIdPrefix = ruleIdPrefix;
  }

  /** Parts never grow past this: memory stays bounded by three of them. */
  static final long MAX_PART = 512L * 1024 * 1024;

  /**
   * The size of the given part (numbered from 1): the base size for the first thousand parts (8 GB
   * at the default 8 MiB), doubling every thousand after, up to {@link #MAX_PART}.
   */
  static long partSize(long base, int partNumber) {
    int doublings = Math.min(20, (partNumber - 1) / PARTS_PER_SIZE);
    return Math.min(Math.max(base, MAX_PART), base << doublings);
  }

  @Override
  public Stored write(
      S3Location location,
      InputStream content,
      Compression compression,
      StorageClass storageClass,
      String kmsKeyId) {
    abortLeftovers(location);
    String uploadId =
        refusals(
            () ->
                s3.createMultipartUpload(
                        b -> {
                          b.bucket(location.bucket())
                              .key(location.key())
                              .storageClass(storageClass.name())
                              .contentType(
                                  compression == Compression.GZIP
                                      ? "application/gzip"
                                      : "application/octet-stream");
                          if (kmsKeyId != null) {
                            b.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                                .ssekmsKeyId(kmsKeyId);
                          }
                        })
                    .uploadId());
    ExecutorService uploader =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("snaplife-archive-upload").unstarted(r));
    try {
      PartSink sink = new PartSink(location, uploadId, uploader);
      OutputStream out =
          compression == Compression.GZIP ? new GZIPOutputStream(sink, 1 << 16) : sink;
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = content.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
      out.close();
      List<CompletedPart> parts = sink.parts();
      refusals(
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(location.bucket())
                          .key(location.key())
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts))));
      return new Stored(sink.bytes, HexFormat.of().formatHex(sink.digest.digest()));
    } catch (IOException | RuntimeException e) {
      abort(location, uploadId);
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io.getMessage(), io);
      }
      throw (RuntimeException) e;
    } finally {
      uploader.shutdownNow();
    }
  }

  /**
   * Aborts the uploads of this key an earlier attempt began and never finished (its process was
   * killed mid-dump): the retry writes the archive afresh, and no orphaned parts stay billed. Only
   * one attempt at a time holds an archive's request (the platform's claim), so none of them is
   * still running.
   */
  private void abortLeftovers(S3Location location) {
    ListMultipartUploadsResponse uploads =
        refusals(
            () -> s3.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(location.key())));
    for (MultipartUpload upload : uploads.uploads()) {
      if (upload.key().equals(location.key())) {
        log.info(
            "aborting the upload {} of {} an earlier attempt left unfinished",
            upload.uploadId(),
            location.uri());
        abort(location, upload.uploadId());
      }
    }
  }

  private void abort(S3Location location, String uploadId) {
    try {
      s3.abortMultipartUpload(
          b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
    } catch (RuntimeException e) {
      log.warn(
          "could not abort the upload {} of {}: {} (a bucket lifecycle rule aborting incomplete"
              + " uploads cleans up)",
          uploadId,
          location.uri(),
          e.getMessage());
    }
  }

  /**
   * Buffers stored bytes into parts; a full part goes to the uploader while the next one fills. Two
   * buffers alternate, plus the one being sent: memory is bounded by three parts.
   */
  private final class PartSink extends OutputStream {
    private final S3Location location;
    private final String uploadId;
    private final ExecutorService uploader;
    private final MessageDigest digest = sha256();
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(2);
    private final List<Future<CompletedPart>> sent = new ArrayList<>();
    private byte[] part;
    private int filled;
    private int partNumber = 1;
    private long bytes;
    private Future<CompletedPart> inFlight;

    PartSink(S3Location location, String uploadId, ExecutorService uploader) {
      this.location = location;
      this.uploadId = uploadId;
      this.uploader = uploader;
      this.part = new byte[(int) partSize(partSize, 1)];
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
      digest.update(data, offset, length);
      bytes += length;
      while (length > 0) {
        int n = Math.min(length, part.length - filled);
        System.arraycopy(data, offset, part, filled, n);
        filled += n;
        offset += n;
        length -= n;
        if (filled == part.length) {
          send();
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (filled > 0 || partNumber == 1) {
        send();
      }
      awaitInFlight();
    }

    List<CompletedPart> parts() throws IOException {
      List<CompletedPart> parts = new ArrayList<>();
      for (Future<CompletedPart> f : sent) {
        parts.add(await(f));
      }
      return parts;
    }

    private void send() throws IOException {
      awaitInFlight(); // at most one part on the wire while the next one fills
      byte[] full = part;
      int length = filled;
      int number = partNumber++;
      inFlight =
          uploader.submit(
              () -> {
                String etag =
                    refusals(
                        () ->
                            s3.uploadPart(
                                    b ->
                                        b.bucket(location.bucket())
                                            .key(location.key())
                                            .uploadId(uploadId)
                                            .partNumber(number)
                                            .contentLength((long) length),
                                    RequestBody.fromInputStream(
                                        new ByteArrayInputStream(full, 0, length), length))
                                .eTag());
                free.offer(full);
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
              });
      sent.add(inFlight);
      int nextSize = (int) partSize(partSize, partNumber);
      byte[] recycled = free.poll();
      part = recycled != null && recycled.length == nextSize ? recycled : new byte[nextSize];
      filled = 0;
    }

    private void awaitInFlight() throws IOException {
      if (inFlight != null) {
        await(inFlight);
      }
    }

    private CompletedPart await(Future<CompletedPart> future) throws IOException {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while uploading", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IOException(e.getCause());
      }
    }
  }

  @Override
  public OpenedArchive open(S3Location location, Compression compression) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new ArchiveUnavailableException(location.uri() + " does not exist", false);
      }
      throw e;
    }
    StorageClass storedIn =
        head.storageClassAsString() == null
            ? StorageClass.STANDARD
            : StorageClass.valueOf(head.storageClassAsString());
    if (storedIn.needsRestore()
        && (head.restore() == null || !head.restore().contains("ongoing-request=\"false\""))) {
      requestRestore(location, head);
      throw new ArchiveUnavailableException(
          location.uri() + " is in " + storedIn + ": a restore is under way", true);
    }
    ResponseInputStream<GetObjectResponse> raw =
        s3.getObject(b -> b.bucket(location.bucket()).key(location.key()));
    DigestInputStream digested = new DigestInputStream(raw, sha256());
    InputStream content;
    try {
      content = compression == Compression.GZIP ? new GZIPInputStream(digested, 1 << 16) : digested;
    } catch (IOException e) {
      // Not even a gzip header: the content says so when read; the digest still tells.
      content = InputStream.nullInputStream();
    }
    InputStream readable = content;
    return new OpenedArchive() {
      private boolean drained;

      @Override
      public InputStream content() {
        return readable;
      }

      @Override
      public String sha256OfStoredBytes() {
        try {
          digested.on(true);
          byte[] buffer = new byte[1 << 16];
          while (digested.read(buffer) >= 0) {
            // Through the digest to the end of the stored bytes.
          }
          drained = true;
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + location.uri() + " failed", e);
        }
        return HexFormat.of().formatHex(digested.getMessageDigest().digest());
      }

      @Override
      public void close() {
        if (!drained) {
          raw.abort();
        }
        try {
          raw.close();
        } catch (IOException ignored) {
          // Closing after an abort.
        }
      }
    };
  }

  private void requestRestore(S3Location location, HeadObjectResponse head) {
    if (head.restore() != null && head.restore().contains("ongoing-request=\"true\"")) {
      return;
    }
    try {
      s3.restoreObject(
          b ->
              b.bucket(location.bucket())
                  .key(location.key())
                  .restoreRequest(r -> r.days(1).glacierJobParameters(g -> g.tier(Tier.STANDARD))));
    } catch (S3Exception e) {
      if (!"RestoreAlreadyInProgress".equals(errorCode(e))) {
        throw e;
      }
    }
  }

  @Override
  public void delete(S3Location location) {
    s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
  }

  @Override
  public void ensureTransitions(String bucket, Collection<ArchivePolicy> policies) {
    List<LifecycleRule> current;
    try {
      current = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    } catch (S3Exception e) {
      if (!"NoSuchLifecycleConfiguration".equals(errorCode(e))) {
        throw e;
      }
      current = List.of();
    }
    List<LifecycleRule> wanted = new ArrayList<>();
    current.stream().filter(r -> !r.id().startsWith(ruleIdPrefix)).forEach(wanted::add);
    for (ArchivePolicy policy : policies) {
      if (policy.transition() != null) {
        wanted.add(
            LifecycleRule.builder()
                .id(ruleIdPrefix + policy.name())
                .status("Enabled")
                .filter(LifecycleRuleFilter.builder().prefix(policy.keyPrefix()).build())
                .transitions(
                    Transition.builder()
                        .days(policy.transition().afterDays())
                        .storageClass(
                            TransitionStorageClass.fromValue(
                                policy.transition().storageClass().name()))
                        .build())
                .build());
      }
    }
    if (Objects.equals(new HashSet<>(current), new HashSet<>(wanted))) {
      return;
    }
    if (wanted.isEmpty()) {
      s3.deleteBucketLifecycle(b -> b.bucket(bucket));
      return;
    }
    s3.putBucketLifecycleConfiguration(
        b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(wanted)));
  }

  /**
   * A request S3 refuses for good becomes the port's refusal; throttling and 5xx stay as they are.
   */
  private static <T> T refusals(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException()) {
        throw new RefusedException("S3 refused it: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
