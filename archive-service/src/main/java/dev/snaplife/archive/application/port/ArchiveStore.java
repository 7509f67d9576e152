package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.S3Location;
import java.io.InputStream;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Archives as S3 objects. */
public interface ArchiveStore {

  /** What was stored: its size and the SHA-256 of the stored bytes (hex). */
  record Stored(long bytes, String sha256) {}

  /**
   * Streams the content into the object, compressing it and digesting what is stored, in parts of
   * bounded size: memory does not grow with the archive. Any failure (of the content stream
   * included) aborts the upload, so no part is left behind, and is rethrown.
   */
  Stored write(
      S3Location location,
      InputStream content,
      Compression compression,
      StorageClass storageClass,
      @Nullable String kmsKeyId);

  /**
   * Opens an archive to read it back decompressed; the stored bytes' SHA-256 is known once the
   * content has been read to its end.
   *
   * @throws ArchiveUnavailableException when the object is gone, or is in a class that needs a
   *     restore that has not completed (then a restore has been requested)
   */
  OpenedArchive open(S3Location location, Compression compression);

  interface OpenedArchive extends AutoCloseable {
    InputStream content();

    /** Reads what the consumer left, and gives the digest of every stored byte. */
    String sha256OfStoredBytes();

    @Override
    void close();
  }

  /** Deletes the archive; an archive already gone is deleted. */
  void delete(S3Location location);

  /**
   * Makes the bucket's lifecycle rules for these policies move their archives to the colder class
   * after the configured days, keeping every rule Snaplife does not own.
   */
  void ensureTransitions(String bucket, Collection<ArchivePolicy> policies);

  /**
   * S3 refused a request for good (access denied, no such bucket, a key it will not take): trying
   * again will not help. Throttling and server errors are not refusals.
   */
  final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  final class ArchiveUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean restoreRequested;

    public ArchiveUnavailableException(String message, boolean restoreRequested) {
      super(message);
      this.restoreRequested = restoreRequested;
    }

    /** True when the object exists but a restore is under way; reading later will succeed. */
    public boolean restoreRequested() {
      return restoreRequested;
    }
  }
}
