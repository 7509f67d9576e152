package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * Brings snapshots made elsewhere into the flow, for policies that opt in: RDS automated snapshots
 * (RDS-EVENT-0091 / 0169) and AWS Backup recovery points (seed 000). The first policy that selects
 * the database adopts it; replication and export then treat it like any other.
 */
public final class AdoptSnapshots {

  private final Policies policies;
  private final RdsFleet fleet;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;

  public AdoptSnapshots(
      Policies policies, RdsFleet fleet, EventPublisher publisher, OutgoingEvents outgoing) {
    this.policies = policies;
    this.fleet = fleet;
    this.publisher = publisher;
    this.outgoing = outgoing;
  }

  /**
   * Publishes SnapshotCreated for the snapshot if a policy adopts it. Its event id derives from the
   * snapshot, so a repeated AWS event adopts it once.
   *
   * @return the adopting policy, if any
   */
  public Optional<String> adopt(
      SnapshotOrigin origin, DatabaseKind kind, String snapshotIdentifier) {
    Optional<Snapshot> snapshot = fleet.snapshot(kind, snapshotIdentifier);
    if (snapshot.isEmpty() || !snapshot.get().isAvailable()) {
      return Optional.empty();
    }
    Optional<Database> database = fleet.database(kind, snapshot.get().sourceIdentifier());
    if (database.isEmpty()) {
      return Optional.empty();
    }
    List<BackupPolicy> adopting =
        policies.all().stream()
            .filter(
                p ->
                    origin == SnapshotOrigin.AWS_BACKUP
                        ? p.adoption().awsBackup()
                        : p.adoption().automated())
            .filter(p -> p.selects(database.get()))
            .toList();
    if (adopting.isEmpty()) {
      return Optional.empty();
    }
    BackupPolicy policy = adopting.get(0);
    publisher.publish(
        outgoing.aboutSubject(
            null,
            OutgoingEvents.lifecycleIdOf(snapshot.get().arn()),
            new SnapshotCreated(
                SnapshotEvents.ref(snapshot.get()),
                policy.name(),
                origin,
                null,
                null,
                policy.retention().retentionDays()),
            snapshot.get().arn()));
    return Optional.of(policy.name());
  }
}
