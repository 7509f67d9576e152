package dev.snaplife.contracts.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An archive passed its retention and was deleted.
 *
 * @param earlyDeletionCharge set when the object was deleted before its storage class's minimum
 *     storage duration, which AWS charges in full: says how many days are charged (schema v2)
 */
public record ArchiveExpired(
    String policy,
    String databaseIdentifier,
    String databaseName,
    S3Location location,
    Instant writtenAt,
    @Nullable String earlyDeletionCharge)
    implements SnaplifeEvent {}
