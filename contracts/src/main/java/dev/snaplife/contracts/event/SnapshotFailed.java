package dev.snaplife.contracts.event;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A database could not be snapshotted (quota, state, permissions); the rest of the run goes on. */
public record SnapshotFailed(
    String policy,
    DatabaseKind databaseKind,
    String sourceIdentifier,
    @Nullable String snapshotIdentifier,
    @Nullable String engine,
    String accountId,
    String region,
    Failure failure,
    @Nullable UUID runId)
    implements SnaplifeEvent {}
