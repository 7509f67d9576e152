package dev.snaplife.snapshot.application.port;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Snapshots Snaplife requested and is waiting for, until they are available or failed. */
public interface PendingSnapshots {

  void add(PendingSnapshot pending);

  List<PendingSnapshot> all();

  Optional<PendingSnapshot> find(DatabaseKind kind, String snapshotIdentifier);

  /** Removes it; false if another instance already did, so only one reports the outcome. */
  boolean remove(PendingSnapshot pending);

  /**
   * @param causeEventId the BackupRequested event the snapshot was taken for
   */
  record PendingSnapshot(
      DatabaseKind kind,
      String snapshotIdentifier,
      String policy,
      UUID runId,
      UUID causeEventId,
      UUID lifecycleId,
      Instant scheduledTime,
      Instant requestedAt,
      @Nullable Integer retentionDays) {}
}
