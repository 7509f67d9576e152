package dev.snaplife.contracts.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A DB snapshot or DB cluster snapshot as the events describe it.
 *
 * @param sourceIdentifier the DB instance or DB cluster identifier
 * @param kmsKeyId the key the snapshot is encrypted with, when encrypted
 */
public record SnapshotRef(
    String snapshotArn,
    String snapshotIdentifier,
    DatabaseKind databaseKind,
    String sourceIdentifier,
    String engine,
    @Nullable String engineVersion,
    String accountId,
    String region,
    boolean encrypted,
    @Nullable String kmsKeyId,
    @Nullable Instant snapshotCreatedAt,
    @Nullable Integer allocatedStorageGiB) {}
