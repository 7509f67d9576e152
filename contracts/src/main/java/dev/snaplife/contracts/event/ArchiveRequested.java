package dev.snaplife.contracts.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request to dump a database and archive it.
 *
 * @param databaseIdentifier the DB instance or cluster identifier
 * @param databaseName the logical database to dump
 * @param secretArn the Secrets Manager secret holding the credentials (a reference, never the
 *     secret)
 * @param storageClass the S3 storage class, when not the policy's default
 */
public record ArchiveRequested(
    String policy,
    String databaseIdentifier,
    String engine,
    String databaseName,
    String secretArn,
    Instant scheduledTime,
    @Nullable String storageClass,
    @Nullable Integer retentionDays)
    implements SnaplifeEvent {}
