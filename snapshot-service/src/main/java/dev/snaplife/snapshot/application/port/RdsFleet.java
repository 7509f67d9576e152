package dev.snaplife.snapshot.application.port;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The RDS fleet of one account and region, read in pages and with tags in the same responses. */
public interface RdsFleet {

  /** Where the fleet is: named in failures about databases that do not exist. */
  Location location();

  List<Database> databases(DatabaseKind kind);

  Optional<Database> database(DatabaseKind kind, String identifier);

  /** The account's own manual and automated snapshots of that kind (not shared or public). */
  List<Snapshot> snapshots(DatabaseKind kind);

  /**
   * Just the named snapshots, in describes filtered by identifier: one call per hundred, however
   * many snapshots the account holds. Those that do not exist are absent from the result.
   */
  List<Snapshot> snapshots(DatabaseKind kind, Collection<String> identifiers);

  Optional<Snapshot> snapshot(DatabaseKind kind, String identifier);

  /** Manual-snapshot quota and usage per kind, in one call. */
  Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas();

  /**
   * Requests a manual snapshot. When a snapshot of that name exists already, returns it, whoever
   * made it: the caller checks its tags before treating it as its own.
   *
   * @throws SnapshotRequestRejected when RDS refuses it for a reason retrying now cannot fix
   */
  Snapshot createSnapshot(Database database, String identifier, Map<String, String> tags);

  /**
   * Deletes the snapshot; returns false when it was already gone.
   *
   * @throws SnapshotRequestRejected when RDS refuses (a copy or export of it running, permissions)
   */
  boolean deleteSnapshot(Snapshot snapshot);

  record SnapshotQuota(long used, long max) {
    public long free() {
      return Math.max(0, max - used);
    }
  }

  record Location(String accountId, String region) {}
}
