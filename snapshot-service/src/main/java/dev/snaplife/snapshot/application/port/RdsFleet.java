package dev.snaplife.snapshot.application.port;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The RDS fleet of one account and region, read in pages and with tags in the same responses. */
public interface RdsFleet {

  List<Database> databases(DatabaseKind kind);

  Optional<Database> database(DatabaseKind kind, String identifier);

  /** The account's own manual and automated snapshots of that kind (not shared or public). */
  List<Snapshot> snapshots(DatabaseKind kind);

  Optional<Snapshot> snapshot(DatabaseKind kind, String identifier);

  /** Manual-snapshot quota and usage per kind, in one call. */
  Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas();

  /**
   * Requests a manual snapshot. An identical request already made returns that snapshot.
   *
   * @throws SnapshotRequestRejected when RDS refuses it for a reason retrying now cannot fix
   */
  Snapshot createSnapshot(Database database, String identifier, Map<String, String> tags);

  /** Deletes the snapshot; returns false when it was already gone. */
  boolean deleteSnapshot(Snapshot snapshot);

  record SnapshotQuota(long used, long max) {
    public long free() {
      return Math.max(0, max - used);
    }
  }
}
