package dev.snaplife.contracts.event;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Snaplife deleted one of its own snapshots or copies. */
public record SnapshotDeleted(
    SnapshotRef snapshot, String policy, DeletionReason reason, @Nullable UUID runId)
    implements SnaplifeEvent {}
