package dev.snaplife.contracts.event;

import java.time.Instant;

/** A database in breach of its recovery point objective has a fresh snapshot again. */
public record RecoveryPointObjectiveRestored(
    String policy,
    DatabaseKind databaseKind,
    String sourceIdentifier,
    long rpoMinutes,
    Instant newestSnapshotAt,
    Instant breachedSince)
    implements SnaplifeEvent {}
