package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.DeletionReason;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.PendingSnapshots;
import dev.snaplife.snapshot.application.port.PendingSnapshots.PendingSnapshot;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.BackupPlan;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.RetentionPlanner;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One run of a backup policy (seeds 002, 003, 004): select the databases, snapshot each whose
 * newest snapshot is older than the interval (within the manual-snapshot quota), expire what is
 * past retention, and report the run. Snapshots still being created are followed by {@link
 * FollowSnapshots}; this run publishes SnapshotCreated only for those already available.
 *
 * <p>RDS calls per run: the fleet describes (one per 100 databases of each kind), one snapshot
 * describe per 100 snapshots of each kind that has selected databases, one account-attributes call
 * when anything is to be created, then one call per snapshot created or deleted.
 */
public final class TakeSnapshots {

  private final Policies policies;
  private final RdsFleet fleet;
  private final PendingSnapshots pending;
  private final WatchRecoveryPoints recoveryPoints;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final Clock clock;

  public TakeSnapshots(
      Policies policies,
      RdsFleet fleet,
      PendingSnapshots pending,
      WatchRecoveryPoints recoveryPoints,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    this.policies = policies;
    this.fleet = fleet;
    this.pending = pending;
    this.recoveryPoints = recoveryPoints;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.clock = clock;
  }

  public void run(EventEnvelope<BackupRequested> request) {
    BackupRequested run = request.data();
    BackupPolicy policy = policies.named(run.policy());
    boolean dryRun = run.dryRun() || policy.dryRun();
    Set<String> restrictTo =
        run.databaseIdentifiers() == null ? null : new HashSet<>(run.databaseIdentifiers());

    List<Database> selected = new ArrayList<>();
    for (DatabaseKind kind : policy.kindList()) {
      fleet.databases(kind).stream()
          .filter(policy::selects)
          .filter(db -> restrictTo == null || restrictTo.contains(db.identifier()))
          .forEach(selected::add);
    }
    List<Snapshot> snapshots = new ArrayList<>();
    selected.stream()
        .map(Database::kind)
        .distinct()
        .sorted()
        .forEach(kind -> snapshots.addAll(fleet.snapshots(kind)));

    BackupPlan plan = BackupPlan.of(policy, selected, snapshots, run.scheduledTime());
    List<EventEnvelope<?>> events = new ArrayList<>();
    List<String> planned = new ArrayList<>();

    for (BackupPlan.Existing existing : plan.alreadyRequested()) {
      planned.add(existing.snapshot().identifier());
      if (!dryRun) {
        follow(request, policy, existing.database(), existing.snapshot(), events);
      }
    }
    List<BackupPlan.Planned> toCreate = plan.toCreate();
    toCreate.forEach(p -> planned.add(p.snapshotIdentifier()));
    if (!dryRun && !toCreate.isEmpty()) {
      create(request, policy, toCreate, events);
    }

    List<String> deletions = new ArrayList<>();
    if (policy.deleteExpired()) {
      for (Snapshot expired : RetentionPlanner.expired(policy, snapshots, clock.instant())) {
        deletions.add(expired.identifier());
        if (!dryRun && fleet.deleteSnapshot(expired)) {
          events.add(
              outgoing.aboutSubject(
                  request.eventId(),
                  lifecycleOf(expired),
                  new SnapshotDeleted(
                      SnapshotEvents.ref(expired),
                      policy.name(),
                      DeletionReason.RETENTION,
                      request.eventId()),
                  expired.arn()));
        }
      }
    }

    events.add(
        outgoing.causedBy(
            request,
            new BackupRunPlanned(
                policy.name(),
                request.eventId(),
                run.scheduledTime(),
                dryRun,
                planned,
                plan.withinInterval().stream().map(Database::identifier).toList(),
                deletions),
            "plan"));
    publisher.publish(events);
    recoveryPoints.assess(policy, selected, snapshots);
  }

  /** Creates within the quota; what does not fit fails now, retryable once space is freed. */
  private void create(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      List<BackupPlan.Planned> toCreate,
      List<EventEnvelope<?>> events) {
    Map<DatabaseKind, RdsFleet.SnapshotQuota> quotas = fleet.manualSnapshotQuotas();
    Map<DatabaseKind, Long> free = new EnumMap<>(DatabaseKind.class);
    quotas.forEach((kind, quota) -> free.put(kind, quota.free()));
    for (BackupPlan.Planned planned : toCreate) {
      Database db = planned.database();
      RdsFleet.SnapshotQuota quota = quotas.get(db.kind());
      if (quota != null && free.getOrDefault(db.kind(), 0L) <= 0) {
        events.add(
            failed(
                request,
                policy,
                planned,
                new Failure(
                    "manual snapshot quota reached: "
                        + quota.used()
                        + " of "
                        + quota.max()
                        + " in use; delete snapshots or raise the quota",
                    "SnapshotQuotaExceeded",
                    true)));
        continue;
      }
      free.computeIfPresent(db.kind(), (k, n) -> n - 1);
      UUID lifecycleId = OutgoingEvents.lifecycleIdOf(db.snapshotArn(planned.snapshotIdentifier()));
      try {
        Snapshot snapshot =
            fleet.createSnapshot(
                db,
                planned.snapshotIdentifier(),
                SnaplifeTags.forNewSnapshot(
                    policy, lifecycleId, request.eventId(), request.data().scheduledTime()));
        follow(request, policy, db, snapshot, events);
      } catch (SnapshotRequestRejected rejected) {
        events.add(failed(request, policy, planned, rejected.failure()));
      }
    }
  }

  /** Reports an available snapshot now; tracks one still being created. */
  private void follow(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      Database db,
      Snapshot snapshot,
      List<EventEnvelope<?>> events) {
    UUID lifecycleId = lifecycleOf(snapshot);
    if (snapshot.isAvailable()) {
      events.add(
          outgoing.aboutSubject(
              request.eventId(),
              lifecycleId,
              new SnapshotCreated(
                  SnapshotEvents.ref(snapshot),
                  policy.name(),
                  SnapshotOrigin.SNAPLIFE,
                  request.eventId(),
                  request.data().scheduledTime(),
                  policy.retention().retentionDays()),
              snapshot.arn()));
      return;
    }
    pending.add(
        new PendingSnapshot(
            db.kind(),
            snapshot.identifier(),
            policy.name(),
            request.eventId(),
            request.eventId(),
            lifecycleId,
            request.data().scheduledTime(),
            clock.instant(),
            policy.retention().retentionDays()));
  }

  private EventEnvelope<SnapshotFailed> failed(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      BackupPlan.Planned planned,
      Failure failure) {
    Database db = planned.database();
    return outgoing.causedBy(
        request,
        OutgoingEvents.lifecycleIdOf(db.snapshotArn(planned.snapshotIdentifier())),
        new SnapshotFailed(
            policy.name(),
            db.kind(),
            db.identifier(),
            planned.snapshotIdentifier(),
            db.engine(),
            db.accountId(),
            db.region(),
            failure,
            request.eventId()),
        planned.snapshotIdentifier());
  }

  /** The lifecycle id from our tag; a missing or edited tag falls back to the ARN's. */
  static UUID lifecycleOf(Snapshot snapshot) {
    try {
      return snapshot
          .tag(SnaplifeTags.LIFECYCLE_ID)
          .map(UUID::fromString)
          .orElseGet(() -> OutgoingEvents.lifecycleIdOf(snapshot.arn()));
    } catch (IllegalArgumentException notAUuid) {
      return OutgoingEvents.lifecycleIdOf(snapshot.arn());
    }
  }
}
