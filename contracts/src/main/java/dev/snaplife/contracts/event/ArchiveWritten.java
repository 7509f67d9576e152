package dev.snaplife.contracts.event;

import java.time.Instant;

/**
 * A compressed dump is durable in S3 and journalled with its retention.
 *
 * @param sha256 hex SHA-256 of the stored object's bytes
 */
public record ArchiveWritten(
    String policy,
    String databaseIdentifier,
    String databaseName,
    String engine,
    S3Location location,
    long sizeBytes,
    String sha256,
    String storageClass,
    int retentionDays,
    Instant expiresAt)
    implements SnaplifeEvent {}
