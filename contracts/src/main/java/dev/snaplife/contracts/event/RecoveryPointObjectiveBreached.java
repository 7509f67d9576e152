package dev.snaplife.contracts.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A selected database has no available snapshot younger than its policy's recovery point objective:
 * snapshots failing, the schedule not firing, or a new database never backed up. Published once per
 * breach.
 *
 * @param newestSnapshotAt when its newest available snapshot was taken; absent if it has none
 */
public record RecoveryPointObjectiveBreached(
    String policy,
    DatabaseKind databaseKind,
    String sourceIdentifier,
    long rpoMinutes,
    @Nullable Instant newestSnapshotAt,
    Instant detectedAt)
    implements SnaplifeEvent {}
