package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.PendingSnapshots;
import dev.snaplife.snapshot.application.port.PendingSnapshots.PendingSnapshot;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Follows requested snapshots until they are available (SnapshotCreated) or failed
 * (SnapshotFailed). RDS's own "snapshot created" events end the wait within seconds; a poll of the
 * pending snapshots is the fallback for when they do not arrive, and the deadline for snapshots
 * that never finish.
 */
public final class FollowSnapshots {

  private final RdsFleet fleet;
  private final PendingSnapshots pending;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final Clock clock;
  private final Duration giveUpAfter;

  public FollowSnapshots(
      RdsFleet fleet,
      PendingSnapshots pending,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock,
      Duration giveUpAfter) {
    this.fleet = fleet;
    this.pending = pending;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.clock = clock;
    this.giveUpAfter = giveUpAfter;
  }

  /** RDS reported a manual snapshot created; returns false if it is not one of ours. */
  public boolean snapshotCreated(DatabaseKind kind, String snapshotIdentifier) {
    Optional<PendingSnapshot> ours = pending.find(kind, snapshotIdentifier);
    ours.ifPresent(this::check);
    return ours.isPresent();
  }

  /** The polling fallback: checks every pending snapshot once. */
  public void poll() {
    List<PendingSnapshot> all = pending.all();
    all.forEach(this::check);
  }

  private void check(PendingSnapshot waiting) {
    Optional<Snapshot> found = fleet.snapshot(waiting.kind(), waiting.snapshotIdentifier());
    if (found.isPresent() && found.get().isAvailable()) {
      publishOnce(waiting, created(waiting, found.get()));
    } else if (found.isEmpty()) {
      publishOnce(
          waiting,
          failed(
              waiting,
              found,
              new Failure(
                  "snapshot " + waiting.snapshotIdentifier() + " disappeared while being created",
                  "DBSnapshotNotFound",
                  true)));
    } else if (found.get().isFailed()) {
      publishOnce(
          waiting,
          failed(
              waiting,
              found,
              new Failure(
                  "RDS reports snapshot "
                      + waiting.snapshotIdentifier()
                      + " as "
                      + found.get().status(),
                  "SnapshotFailed",
                  true)));
    } else if (waiting.requestedAt().plus(giveUpAfter).isBefore(clock.instant())) {
      publishOnce(
          waiting,
          failed(
              waiting,
              found,
              new Failure(
                  "snapshot "
                      + waiting.snapshotIdentifier()
                      + " still "
                      + found.get().status()
                      + " after "
                      + giveUpAfter,
                  "SnapshotTimedOut",
                  true)));
    }
  }

  /** Publishes before removing: a crash in between re-publishes the same event id, harmlessly. */
  private void publishOnce(PendingSnapshot waiting, EventEnvelope<?> event) {
    publisher.publish(event);
    pending.remove(waiting);
  }

  private EventEnvelope<SnapshotCreated> created(PendingSnapshot waiting, Snapshot snapshot) {
    return outgoing.aboutSubject(
        waiting.causeEventId(),
        waiting.lifecycleId(),
        new SnapshotCreated(
            SnapshotEvents.ref(snapshot),
            waiting.policy(),
            SnapshotOrigin.SNAPLIFE,
            waiting.runId(),
            waiting.scheduledTime(),
            waiting.retentionDays()),
        snapshot.arn());
  }

  private EventEnvelope<SnapshotFailed> failed(
      PendingSnapshot waiting, Optional<Snapshot> snapshot, Failure failure) {
    return outgoing.causedBy(
        waiting.causeEventId(),
        waiting.lifecycleId(),
        new SnapshotFailed(
            waiting.policy(),
            waiting.kind(),
            snapshot.map(Snapshot::sourceIdentifier).orElse(waiting.snapshotIdentifier()),
            waiting.snapshotIdentifier(),
            snapshot.map(Snapshot::engine).orElse(null),
            snapshot.map(Snapshot::accountId).orElse("unknown"),
            snapshot.map(Snapshot::region).orElse("unknown"),
            failure,
            waiting.runId()),
        waiting.snapshotIdentifier());
  }
}
