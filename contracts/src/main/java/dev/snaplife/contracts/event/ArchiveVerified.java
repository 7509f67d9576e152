package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * An archive was read back, its checksum matched, and it restored into a scratch database with the
 * row counts the dump recorded.
 *
 * @param writtenAt when the archive was written; a re-verification of an old archive says how old
 */
public record ArchiveVerified(
    String policy,
    String databaseIdentifier,
    String databaseName,
    String engine,
    S3Location location,
    String sha256,
    List<TableRows> tables,
    Instant writtenAt)
    implements SnaplifeEvent {}
