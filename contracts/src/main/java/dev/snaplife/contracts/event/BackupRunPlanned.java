package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What one run of a backup policy set out to do, published once its snapshots are requested. A
 * digest is complete when every planned snapshot has a SnapshotCreated or SnapshotFailed and every
 * planned deletion a SnapshotDeleted; in a dry run nothing follows and this is the whole report.
 *
 * @param runId the BackupRequested event id of the run
 * @param plannedSnapshots identifiers of the snapshots the run takes (would take, in a dry run)
 * @param skippedDatabases databases whose newest snapshot is younger than the backup interval
 * @param plannedDeletions identifiers of the snapshots past retention (would delete, in a dry run)
 */
public record BackupRunPlanned(
    String policy,
    UUID runId,
    Instant scheduledTime,
    boolean dryRun,
    List<String> plannedSnapshots,
    List<String> skippedDatabases,
    List<String> plannedDeletions)
    implements SnaplifeEvent {

  public BackupRunPlanned {
    plannedSnapshots = List.copyOf(plannedSnapshots);
    skippedDatabases = List.copyOf(skippedDatabases);
    plannedDeletions = List.copyOf(plannedDeletions);
  }
}
