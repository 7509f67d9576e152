package dev.snaplife.contracts.event;

import java.time.Instant;

/** An archive passed its retention and was deleted. */
public record ArchiveExpired(
    String policy,
    String databaseIdentifier,
    String databaseName,
    S3Location location,
    Instant writtenAt)
    implements SnaplifeEvent {}
