package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.platform.publish.EventBatch;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.BackupPlan;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The creating half of a backup run (seeds 002, 003, 004): takes the snapshots the plan calls for,
 * within the manual-snapshot quota and with bounded concurrency, and reports each database's
 * outcome as it happens: SnapshotCreated for a snapshot already available, SnapshotFailed for one
 * RDS refused, the quota did not fit, or the plan refused. Snapshots still being created are
 * returned to be followed.
 */
public final class TakeSnapshots {

  private final RdsFleet fleet;
  private final OutgoingEvents outgoing;
  private final int concurrency;

  public TakeSnapshots(RdsFleet fleet, OutgoingEvents outgoing, int concurrency) {
    this.fleet = fleet;
    this.outgoing = outgoing;
    this.concurrency = concurrency;
  }

  /**
   * What the run took.
   *
   * @param planned identifiers of the snapshots the run takes (or found already taken)
   * @param pending snapshots still being created, to follow
   */
  public record Taken(List<String> planned, List<Snapshot> pending) {}

  public Taken take(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      BackupPlan plan,
      boolean dryRun,
      EventBatch events) {
    List<String> planned = new ArrayList<>();
    List<Snapshot> pending = Collections.synchronizedList(new ArrayList<>());
    for (BackupPlan.Refused refused : plan.refused()) {
      events.add(refusedEvent(request, policy, refused));
    }
    for (BackupPlan.Existing existing : plan.alreadyRequested()) {
      planned.add(existing.snapshot().identifier());
      if (!dryRun) {
        report(request, policy, existing.snapshot(), events, pending);
      }
    }
    plan.toCreate().forEach(p -> planned.add(p.snapshotIdentifier()));
    if (!dryRun && !plan.toCreate().isEmpty()) {
      create(request, policy, plan.toCreate(), events, pending);
    }
    return new Taken(List.copyOf(planned), List.copyOf(pending));
  }

  /** Creates within the quota; what does not fit fails now, retryable once space is freed. */
  private void create(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      List<BackupPlan.Planned> toCreate,
      EventBatch events,
      List<Snapshot> pending) {
    Map<DatabaseKind, RdsFleet.SnapshotQuota> quotas = fleet.manualSnapshotQuotas();
    Map<DatabaseKind, Long> taken = new EnumMap<>(DatabaseKind.class);
    List<BackupPlan.Planned> fitting = new ArrayList<>();
    for (BackupPlan.Planned planned : toCreate) {
      DatabaseKind kind = planned.database().kind();
      RdsFleet.SnapshotQuota quota = quotas.get(kind);
      long takenSoFar = taken.getOrDefault(kind, 0L);
      if (quota != null && takenSoFar >= quota.free()) {
        events.add(failed(request, policy, planned, quotaReached(quota, takenSoFar)));
        continue;
      }
      taken.merge(kind, 1L, Long::sum);
      fitting.add(planned);
    }
    Parallel.forEach(
        fitting,
        concurrency,
        planned -> {
          Database db = planned.database();
          UUID lifecycleId =
              OutgoingEvents.lifecycleIdOf(db.snapshotArn(planned.snapshotIdentifier()));
          try {
            Snapshot snapshot =
                fleet.createSnapshot(
                    db,
                    planned.snapshotIdentifier(),
                    SnaplifeTags.forNewSnapshot(
                        policy, lifecycleId, request.eventId(), request.data().scheduledTime()));
            if (!SnaplifeTags.ownedBy(snapshot, policy)) {
              // Someone took the name between our describe and our create.
              events.add(
                  failed(
                      request,
                      policy,
                      planned,
                      new Failure(
                          BackupPlan.notOurs(snapshot, policy), "DBSnapshotAlreadyExists", false)));
              return;
            }
            report(request, policy, snapshot, events, pending);
          } catch (SnapshotRequestRejected rejected) {
            events.add(failed(request, policy, planned, rejected.failure()));
          }
        });
  }

  /**
   * Says what happened: the quota was full when the run started, or the run itself filled it. The
   * numbers are after the run, so they add up with what the operator sees in the console.
   */
  private static Failure quotaReached(RdsFleet.SnapshotQuota quota, long takenByThisRun) {
    String filled =
        takenByThisRun == 0
            ? "it was full before this run"
            : "this run took the last " + takenByThisRun;
    return new Failure(
        "manual snapshot quota reached: "
            + (quota.used() + takenByThisRun)
            + " of "
            + quota.max()
            + " in use ("
            + filled
            + "); delete snapshots or raise the quota",
        "SnapshotQuotaExceeded",
        true);
  }

  /** Reports an available snapshot now, a failed one as failed; keeps one being created. */
  private void report(
      EventEnvelope<BackupRequested> request,
      BackupPolicy policy,
      Snapshot snapshot,
      EventBatch events,
      List<Snapshot> pending) {
    if (snapshot.isAvailable()) {
      events.add(
          created(
              outgoing,
              request.eventId(),
              policy.name(),
              policy.retention().retentionDays(),
              snapshot,
              request.eventId()));
    } else if (snapshot.isFailed()) {
      events.add(
          outgoing.causedBy(
              request,
              SnapshotEvents.lifecycleOf(snapshot),
              new SnapshotFailed(
                  policy.name(),
                  snapshot.kind(),
                  snapshot.sourceIdentifier(),
                  snapshot.identifier(),
                  snapshot.engine(),
                  snapshot.accountId(),
                  snapshot.region(),
                  new Failure(
                      "RDS reports snapshot " + snapshot.identifier() + " as " + snapshot.status(),
                      "SnapshotFailed",
                      true),
                  request.eventId()),
              snapshot.identifier()));
    } else {
      pending.add(snapshot);
    }
  }

  /** SnapshotCreated for one of our snapshots: its id derives from the ARN, whoever reports it. */
  static EventEnvelope<SnapshotCreated> created(
      OutgoingEvents outgoing,
      UUID causeEventId,
      String policy,
      Integer retentionDays,
      Snapshot snapshot,
      UUID run) {
    return outgoing.aboutSubject(
        causeEventId,
        SnapshotEvents.lifecycleOf(snapshot),
        new SnapshotCreated(
            SnapshotEvents.ref(snapshot),
            policy,
            SnapshotOrigin.SNAPLIFE,
            run,
            scheduledTimeOf(snapshot),
            retentionDays),
        snapshot.arn());
  }

  static java.time.Instant scheduledTimeOf(Snapshot snapshot) {
    try {
      return snapshot.tag(SnaplifeTags.SCHEDULED_TIME).map(java.time.Instant::parse).orElse(null);
    } catch (java.time.format.DateTimeParseException edited) {
      return null;
    }
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

  private EventEnvelope<SnapshotFailed> refusedEvent(
      EventEnvelope<BackupRequested> request, BackupPolicy policy, BackupPlan.Refused refused) {
    RdsFleet.Location location = fleet.location();
    Database db = refused.database();
    String subject =
        refused.snapshotIdentifier() != null
            ? refused.snapshotIdentifier()
            : "refused/" + refused.kind() + "/" + refused.databaseIdentifier();
    return outgoing.causedBy(
        request,
        OutgoingEvents.lifecycleIdOf(
            "refused/" + request.eventId() + "/" + refused.databaseIdentifier()),
        new SnapshotFailed(
            policy.name(),
            refused.kind(),
            refused.databaseIdentifier(),
            refused.snapshotIdentifier(),
            db == null ? null : db.engine(),
            db == null ? location.accountId() : db.accountId(),
            db == null ? location.region() : db.region(),
            new Failure(refused.reason(), refused.errorCode(), false),
            request.eventId()),
        subject);
  }
}
