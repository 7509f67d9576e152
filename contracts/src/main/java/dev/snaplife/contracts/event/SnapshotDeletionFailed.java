package dev.snaplife.contracts.event;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot past retention could not be deleted (RDS refused: a copy or export of it is running,
 * it is shared, permissions): it stays, the next run tries again, and the rest of the run went on.
 */
public record SnapshotDeletionFailed(
    SnapshotRef snapshot, String policy, Failure failure, @Nullable UUID runId)
    implements SnaplifeEvent {}
