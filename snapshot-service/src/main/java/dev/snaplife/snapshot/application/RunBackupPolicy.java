package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.platform.consume.PermanentFailureException;
import dev.snaplife.platform.publish.EventBatch;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.domain.BackupPlan;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.RdsIdentifiers;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of a backup policy, as a BackupRequested asks: read the fleet once (paged describes, tags
 * included), take the snapshots the plan calls for ({@link TakeSnapshots}), expire what retention
 * no longer keeps ({@link ExpireSnapshots}), follow what is still being created ({@link
 * FollowSnapshots}), report the run (BackupRunPlanned, in parts when it is too large for one bus
 * entry), and check the recovery point objective with what was read.
 *
 * <p>RDS calls per run: one describe per hundred databases of each kind the policy selects, one per
 * hundred snapshots of each kind read, one account-attributes call when anything is to be created,
 * then one call per snapshot created or deleted.
 */
public final class RunBackupPolicy {

  private final Policies policies;
  private final RdsFleet fleet;
  private final TakeSnapshots take;
  private final ExpireSnapshots expire;
  private final FollowSnapshots follow;
  private final WatchRecoveryPoints recoveryPoints;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;

  public RunBackupPolicy(
      Policies policies,
      RdsFleet fleet,
      TakeSnapshots take,
      ExpireSnapshots expire,
      FollowSnapshots follow,
      WatchRecoveryPoints recoveryPoints,
      EventPublisher publisher,
      OutgoingEvents outgoing) {
    this.policies = policies;
    this.fleet = fleet;
    this.take = take;
    this.expire = expire;
    this.follow = follow;
    this.recoveryPoints = recoveryPoints;
    this.publisher = publisher;
    this.outgoing = outgoing;
  }

  public void run(EventEnvelope<BackupRequested> request) {
    BackupRequested run = request.data();
    BackupPolicy policy = policies.named(run.policy());
    boolean dryRun = run.dryRun() || policy.dryRun();
    Set<String> restrictTo =
        run.databaseIdentifiers() == null ? null : new HashSet<>(run.databaseIdentifiers());
    if (restrictTo != null) {
      for (String id : restrictTo) {
        if (!RdsIdentifiers.isDatabase(id)) {
          throw new InvalidEventException(
              "databaseIdentifiers: '" + id + "' is not an RDS instance or cluster identifier");
        }
      }
    }

    List<Database> candidates = new ArrayList<>();
    for (DatabaseKind kind : policy.selection().kindList()) {
      candidates.addAll(fleet.databases(kind));
    }
    // Retention covers every kind the policy may own, selected today or not.
    Set<DatabaseKind> snapshotKinds = EnumSet.copyOf(policy.selection().kinds());
    if (policy.retention().deleteExpired()) {
      snapshotKinds = EnumSet.allOf(DatabaseKind.class);
    }
    List<Snapshot> snapshots = new ArrayList<>();
    snapshotKinds.forEach(kind -> snapshots.addAll(fleet.snapshots(kind)));

    BackupPlan plan = BackupPlan.of(policy, candidates, restrictTo, snapshots, run.scheduledTime());
    EventBatch events = new EventBatch(publisher);
    TakeSnapshots.Taken taken;
    ExpireSnapshots.Expired expired;
    try {
      taken = take.take(request, policy, plan, dryRun, events);
      expired = expire.expire(request, policy, snapshots, restrictTo, dryRun, events);
    } finally {
      // What happened before a failure is reported before the failure propagates.
      events.flush();
    }
    if (!taken.pending().isEmpty()) {
      follow.follow(request.eventId(), request.eventId(), policy.name(), taken.pending());
    }
    publishPlan(
        request,
        new BackupRunPlanned(
            policy.name(),
            request.eventId(),
            run.scheduledTime(),
            dryRun,
            taken.planned(),
            plan.withinInterval().stream().map(Database::identifier).toList(),
            expired.deletions(),
            expired.kept()));
    List<Database> selected = new ArrayList<>(plan.withinInterval());
    plan.toCreate().forEach(p -> selected.add(p.database()));
    plan.alreadyRequested().forEach(e -> selected.add(e.database()));
    recoveryPoints.assess(policy, selected, snapshots);
  }

  /**
   * The plan in as few parts as fit one bus entry each: a run over ten thousand databases still
   * reports itself.
   */
  private void publishPlan(EventEnvelope<BackupRequested> request, BackupRunPlanned plan) {
    for (int parts = 1; parts <= 4096; parts *= 2) {
      List<EventEnvelope<BackupRunPlanned>> envelopes = new ArrayList<>();
      for (BackupRunPlanned part : parts == 1 ? List.of(plan) : plan.split(parts)) {
        envelopes.add(outgoing.causedBy(request, part, "plan/" + part.partNumber() + "/" + parts));
      }
      if (envelopes.stream().allMatch(publisher::fits)) {
        publisher.publish(envelopes);
        return;
      }
    }
    throw new PermanentFailureException(
        "the plan of run " + request.eventId() + " does not fit the bus even in 4096 parts");
  }
}
