package dev.snaplife.contracts.event;

import java.time.Instant;

/**
 * An archive could not be proven restorable: its object is missing or its checksum differs, it does
 * not restore, or the restored row counts differ from the dump's. On-call should take a fresh
 * archive; the failure says what differed.
 */
public record ArchiveVerificationFailed(
    String policy,
    String databaseIdentifier,
    String databaseName,
    S3Location location,
    Instant writtenAt,
    Failure failure)
    implements SnaplifeEvent {}
