package dev.snaplife.archive.domain;

import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.contracts.event.TableRows;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The journal's entry of one archive (seed 001's DynamoDB journal): what was dumped, where it lies,
 * how big, its checksum and row counts, and until when it is kept.
 *
 * @param attempt how many times the dump was started; a failed attempt is retried under the same
 *     name
 * @param sha256 of the stored (compressed) bytes, hex
 * @param tables the rows of each table the dump holds, which a restore must reproduce
 * @param retainUntil the scheduled time plus the retention: when the archive expires
 * @param lifecycleId the lifecycle the archive's events belong to
 */
public record ArchiveRecord(
    String id,
    Status status,
    int attempt,
    String policy,
    String databaseIdentifier,
    String databaseName,
    Engine engine,
    S3Location location,
    StorageClass storageClass,
    Compression compression,
    Instant scheduledTime,
    Instant startedAt,
    @Nullable Instant finishedAt,
    long bytes,
    @Nullable String sha256,
    List<TableRows> tables,
    Instant retainUntil,
    @Nullable String failure,
    UUID lifecycleId,
    @Nullable Instant lastVerifiedAt) {

  public ArchiveRecord {
    tables = List.copyOf(tables);
  }

  public enum Status {
    STARTED,
    WRITTEN,
    FAILED,
    EXPIRED
  }

  public ArchiveRecord written(
      Instant at, long storedBytes, String checksum, List<TableRows> tableRows) {
    return new ArchiveRecord(
        id,
        Status.WRITTEN,
        attempt,
        policy,
        databaseIdentifier,
        databaseName,
        engine,
        location,
        storageClass,
        compression,
        scheduledTime,
        startedAt,
        at,
        storedBytes,
        checksum,
        tableRows,
        retainUntil,
        null,
        lifecycleId,
        lastVerifiedAt);
  }

  public ArchiveRecord expired() {
    return new ArchiveRecord(
        id,
        Status.EXPIRED,
        attempt,
        policy,
        databaseIdentifier,
        databaseName,
        engine,
        location,
        storageClass,
        compression,
        scheduledTime,
        startedAt,
        finishedAt,
        bytes,
        sha256,
        tables,
        retainUntil,
        failure,
        lifecycleId,
        lastVerifiedAt);
  }

  public ArchiveRecord failed(Instant at, String reason) {
    return new ArchiveRecord(
        id,
        Status.FAILED,
        attempt,
        policy,
        databaseIdentifier,
        databaseName,
        engine,
        location,
        storageClass,
        compression,
        scheduledTime,
        startedAt,
        at,
        0,
        null,
        List.of(),
        retainUntil,
        reason,
        lifecycleId,
        lastVerifiedAt);
  }
}
