package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot is available: taken by Snaplife or adopted from AWS Backup or automated backups.
 *
 * @param runId the BackupRequested event of the run that took it, for per-run digests
 */
public record SnapshotCreated(
    SnapshotRef snapshot,
    String policy,
    SnapshotOrigin origin,
    @Nullable UUID runId,
    @Nullable Instant scheduledTime,
    @Nullable Integer retentionDays)
    implements SnaplifeEvent {}
