package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/**
 * A copy of a snapshot is available in another region and/or account, re-encrypted with that
 * region's key.
 *
 * @param retentionDays how long the copy is kept, when it has its own retention
 */
public record SnapshotCopied(
    SnapshotRef source, SnapshotRef copy, String policy, @Nullable Integer retentionDays)
    implements SnaplifeEvent {}
