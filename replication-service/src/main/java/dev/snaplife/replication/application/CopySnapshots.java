package dev.snaplife.replication.application;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed.Step;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.replication.application.port.CopyJournal;
import dev.snaplife.replication.application.port.CopyJournal.CopyRecord;
import dev.snaplife.replication.application.port.CopyJournal.Status;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.application.port.RdsSnapshots.StepRefused;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import dev.snaplife.replication.domain.ReplicaNaming;
import dev.snaplife.replication.domain.ReplicaTags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One copy to one destination, on {@code SnapshotCopyRequested}: into another region (the
 * destination region's key, the SDK's pre-signed source URL), into another account (assuming the
 * destination role, copying the shared snapshot with that account's key), or both at once. A
 * cross-region copy first takes one of the destination's copy slots; without a free one it waits,
 * recorded, and the copy that frees a slot wakes it (no spinning). The destination's manual
 * snapshot quota is checked before copying. The copy is followed to the end by delayed checks, and
 * {@code SnapshotCopied} published once it is available.
 */
public final class CopySnapshots {

  public static final String FOLLOW = "replication-follow-copy";
  public static final String WAKE = "replication-wake-copy";

  private static final Logger log = LoggerFactory.getLogger(CopySnapshots.class);

  /** A waiting copy also comes back on its own this late, should the wake-up be lost. */
  static final Duration WAITING_RECHECK = Duration.ofMinutes(15);

  /** A quota-bound copy tries again this late. */
  static final Duration QUOTA_RECHECK = Duration.ofMinutes(15);

  /** About two days of checks, at most 15 minutes apart: RDS copies take hours at the most. */
  static final int GIVE_UP_AFTER = 200;

  public record Follow(String copyKey, int attempt) {}

  public record Wake(String copyKey) {}

  private final ReplicationRules rules;
  private final RdsSnapshots snapshots;
  private final CopyJournal journal;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final CommandQueue commands;
  private final Clock clock;
  private final ReplicationFailures failures;

  public CopySnapshots(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      CopyJournal journal,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    this.rules = rules;
    this.snapshots = snapshots;
    this.journal = journal;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.commands = commands;
    this.clock = clock;
    this.failures = new ReplicationFailures(publisher, outgoing);
  }

  /** The key of a copy in the journal: where it goes and what it is called there. */
  static String copyKey(SnapshotCopyRequested request) {
    return request.accountId()
        + "/"
        + request.region()
        + "/"
        + request.source().databaseKind()
        + "/"
        + ReplicaNaming.copyIdentifier(request.source().snapshotIdentifier());
  }

  public void onRequested(EventEnvelope<SnapshotCopyRequested> event) {
    SnapshotCopyRequested request = event.data();
    String key = copyKey(request);
    Optional<CopyRecord> existing = journal.find(key);
    // A failed copy starts again when it is requested again (an operator's SnapshotCopyRequested
    // under a new event id); a started one never twice.
    if (existing.isPresent()
        && (existing.get().status() == Status.COPYING
            || existing.get().status() == Status.COPIED)) {
      log.info("copy {} is {} already", key, existing.get().status());
      return;
    }
    // Waiting already: this request joins the wait. Otherwise (new, or failed before) it starts
    // afresh under its own event, so its outcome is reported anew.
    CopyRecord record =
        existing
            .filter(r -> r.status() == Status.WAITING)
            .orElse(
                new CopyRecord(
                    key,
                    Status.REQUESTED,
                    request,
                    event.eventId(),
                    event.lifecycleId(),
                    null,
                    null));
    start(record);
  }

  /** A copy waiting for a slot is woken, by a copy that freed one or by its own late recheck. */
  public void wake(Command<Wake> command) {
    journal
        .find(command.payload().copyKey())
        .filter(r -> r.status() == Status.WAITING)
        .ifPresent(this::start);
  }

  private void start(CopyRecord record) {
    SnapshotCopyRequested request = record.request();
    Optional<Destination> destination =
        rules.rule(request.rule()).flatMap(r -> r.destination(request.destination()));
    if (destination.isEmpty()) {
      fail(
          record,
          new Location(request.accountId(), request.region()),
          "DestinationNotConfigured",
          "rule "
              + request.rule()
              + " has no destination "
              + request.destination()
              + " any more: configure it under snaplife.replication.rules."
              + request.rule()
              + ".destinations, then request the copy again",
          false);
      return;
    }
    Destination to = destination.get();
    Location home = rules.home();
    Location target = to.location();
    boolean needsSlot = to.crossRegion(home);
    if (needsSlot && !journal.acquireSlot(target, record.copyKey(), rules.copiesInFlight())) {
      waitForSlot(record, target);
      return;
    }
    SnapshotRef source = request.source();
    try {
      RdsSnapshots.Quota quota = snapshots.manualSnapshotQuota(target, source.databaseKind());
      if (quota.full()) {
        if (needsSlot) {
          journal.releaseSlot(target, record.copyKey());
        }
        quotaFull(record, to, quota);
        return;
      }
      Replica copy = copy(record, to, source);
      CopyRecord copying = record.with(Status.COPYING, copy.arn(), clock.instant());
      journal.save(copying);
      if (record.status() == Status.WAITING && needsSlot) {
        journal.removeWaiting(target, record.copyKey());
      }
      log.info("copying {} to {} as {}", source.snapshotArn(), target, copy.arn());
      follow(copying, 0);
    } catch (StepRefused refused) {
      if (needsSlot) {
        journal.releaseSlot(target, record.copyKey());
      }
      if ("SnapshotQuotaExceeded".equals(refused.errorCode())) {
        // RDS answers this for a full manual quota and for too many copies in flight to a region
        // (someone else's copies count too): with quota to spare it is the latter.
        RdsSnapshots.Quota quota = snapshots.manualSnapshotQuota(target, source.databaseKind());
        if (quota.full()) {
          quotaFull(record, to, quota);
        } else {
          waitForSlot(record, target);
        }
        return;
      }
      fail(record, target, refused.errorCode(), refused.getMessage(), refused.retryable());
    }
  }

  private Replica copy(CopyRecord record, Destination to, SnapshotRef source) {
    SnapshotCopyRequested request = record.request();
    String target = ReplicaNaming.copyIdentifier(source.snapshotIdentifier());
    Replica from = ReplicateSnapshot.replicaOf(source);
    try {
      if (source.encrypted() && to.kmsKeyId() == null) {
        throw new StepRefused(
            "KmsKeyNotConfigured",
            source.snapshotIdentifier()
                + " is encrypted and destination "
                + to.name()
                + " has no key: set snaplife.replication.destinations."
                + to.name()
                + ".kms-key-id to a key in "
                + to.location(),
            false);
      }
      return snapshots.copy(
          to.location(),
          from,
          target,
          source.encrypted() ? to.kmsKeyId() : null,
          ReplicaTags.ofCopy(
              request.sourceTags(),
              ReplicaTags.forCopy(
                  rules.environment(),
                  record.lifecycleId(),
                  source.snapshotArn(),
                  request.rule(),
                  to.name(),
                  request.policy())),
          false);
    } catch (RdsSnapshots.AlreadyExists e) {
      Replica existing =
          snapshots
              .find(to.location(), source.databaseKind(), target)
              .orElseThrow(() -> new IllegalStateException(target + " exists and does not"));
      if (!source.snapshotArn().equals(existing.tags().get(ReplicaTags.COPY_OF))) {
        throw new StepRefused(
            "NameTaken",
            target
                + " exists in "
                + to.location()
                + " but is not Snaplife's copy of "
                + source.snapshotArn()
                + ": rename or delete it, then request the copy again",
            false);
      }
      return existing;
    }
  }

  /**
   * The destination's manual-snapshot quota is used up: on-call hears it (once per request), and
   * the copy is tried again later.
   */
  private void quotaFull(CopyRecord record, Destination to, RdsSnapshots.Quota quota) {
    SnapshotCopyRequested request = record.request();
    SnapshotRef source = request.source();
    Location target = to.location();
    failures.publish(
        record.causeEventId(),
        record.lifecycleId(),
        source,
        request.policy(),
        request.rule(),
        Step.COPY,
        to.name(),
        target,
        "SnapshotQuotaExceeded",
        target
            + " holds "
            + quota.used()
            + " of its "
            + quota.max()
            + " manual "
            + (source.databaseKind() == dev.snaplife.contracts.event.DatabaseKind.DB_CLUSTER
                ? "cluster "
                : "")
            + "snapshots: raise the quota or shorten the copy retention of rule "
            + request.rule()
            + "; the copy is tried again every "
            + QUOTA_RECHECK.toMinutes()
            + " minutes",
        true);
    journal.save(record.with(Status.WAITING, null, null));
    commands.send(
        new OutgoingCommand(
            WAKE,
            derived(record.copyKey() + "/quota/" + clock.instant()),
            new Wake(record.copyKey()),
            QUOTA_RECHECK));
  }

  private void waitForSlot(CopyRecord record, Location target) {
    journal.save(record.with(Status.WAITING, null, null));
    journal.addWaiting(target, record.copyKey(), clock.instant());
    log.info(
        "copy {} waits: {} cross-region copies are in flight to {}",
        record.copyKey(),
        rules.copiesInFlight(),
        target);
    commands.send(
        new OutgoingCommand(
            WAKE,
            derived(record.copyKey() + "/recheck/" + clock.instant()),
            new Wake(record.copyKey()),
            WAITING_RECHECK));
  }

  /** A delayed check of a copy in progress. */
  public void check(Command<Follow> command) {
    Follow follow = command.payload();
    Optional<CopyRecord> found = journal.find(follow.copyKey());
    if (found.isEmpty()) {
      return;
    }
    CopyRecord record = found.get();
    switch (record.status()) {
      case COPYING -> check(record, follow.attempt());
      // Ended, but the delivery that ended it may have stopped before giving its slot back.
      case COPIED, FAILED -> freeSlot(locationOf(record), record.copyKey());
      case REQUESTED, WAITING -> {}
    }
  }

  private static Location locationOf(CopyRecord record) {
    return new Location(record.request().accountId(), record.request().region());
  }

  /**
   * RDS says a DB snapshot copy finished or was canceled (its event, forwarded from the
   * destination): the copy is looked at now instead of at its next check. Copies that are not
   * replication's, or are already done, are ignored.
   */
  public void onCopyEvent(Location location, String identifier, String rdsEventId) {
    String key =
        location.accountId()
            + "/"
            + location.region()
            + "/"
            + dev.snaplife.contracts.event.DatabaseKind.DB_INSTANCE
            + "/"
            + identifier;
    Optional<CopyRecord> copying = journal.find(key).filter(r -> r.status() == Status.COPYING);
    if (copying.isEmpty()) {
      log.debug("{} for {}: no copy of ours in progress", rdsEventId, key);
      return;
    }
    log.info("{}: RDS reports the copy {} ended", rdsEventId, key);
    check(copying.get(), NO_FOLLOW_UP);
  }

  /** Checking on an event: the chain of delayed checks goes on by itself. */
  private static final int NO_FOLLOW_UP = -1;

  private void check(CopyRecord record, int attempt) {
    SnapshotCopyRequested request = record.request();
    Location target = locationOf(record);
    String identifier = ReplicaNaming.copyIdentifier(request.source().snapshotIdentifier());
    Optional<Replica> copy;
    try {
      copy = snapshots.find(target, request.source().databaseKind(), identifier);
    } catch (StepRefused refused) {
      fail(record, target, refused.errorCode(), refused.getMessage(), refused.retryable());
      return;
    }
    if (copy.isEmpty()) {
      fail(
          record,
          target,
          "CopyNotFound",
          "the copy "
              + identifier
              + " disappeared from "
              + target
              + " before it was available: request the copy again",
          true);
      return;
    }
    Replica replica = copy.get();
    if (replica.inProgress()) {
      if (attempt >= GIVE_UP_AFTER) {
        fail(
            record,
            target,
            "CopyNeverFinished",
            "the copy "
                + identifier
                + " in "
                + target
                + " is still "
                + replica.status()
                + " after "
                + attempt
                + " checks: look at it in the RDS console; request the copy again once it is"
                + " deleted",
            false);
      } else if (attempt != NO_FOLLOW_UP) {
        follow(record, attempt + 1);
      }
      return;
    }
    if (!replica.isAvailable()) {
      fail(
          record,
          target,
          "CopyFailed",
          "RDS reports the copy "
              + identifier
              + " in "
              + target
              + " as "
              + replica.status()
              + ": check the destination key's grants, then request the copy again",
          false);
      return;
    }
    Integer retention =
        rules.rule(request.rule()).map(r -> r.copyRetention().retentionDays()).orElse(null);
    SnapshotCopied copied =
        new SnapshotCopied(
            request.source(), ReplicateSnapshot.ref(replica), request.policy(), retention);
    publisher.publish(
        outgoing.aboutSubject(record.causeEventId(), record.lifecycleId(), copied, replica.arn()));
    journal.save(record.with(Status.COPIED, replica.arn(), record.startedAt()));
    freeSlot(target, record.copyKey());
  }

  private void fail(
      CopyRecord record, Location target, String code, String reason, boolean retryable) {
    SnapshotCopyRequested request = record.request();
    failures.publish(
        record.causeEventId(),
        record.lifecycleId(),
        request.source(),
        request.policy(),
        request.rule(),
        Step.COPY,
        request.destination(),
        target,
        code,
        reason,
        retryable);
    // A new request for the copy starts it again.
    journal.save(record.with(Status.FAILED, record.copyArn(), record.startedAt()));
    journal.removeWaiting(target, record.copyKey());
    freeSlot(target, record.copyKey());
  }

  /** Gives the slot back and wakes the copy that has waited longest for one. */
  private void freeSlot(Location target, String copyKey) {
    journal.releaseSlot(target, copyKey);
    List<String> waiting = journal.waiting(target);
    if (!waiting.isEmpty()) {
      String next = waiting.get(0);
      commands.send(
          new OutgoingCommand(
              WAKE, derived(next + "/woken-by/" + copyKey), new Wake(next), Duration.ZERO));
    }
  }

  /** Wakes the waiting copies of a location: the hourly safety net for lost wake-ups. */
  void wakeWaiting(Location target, Instant now) {
    List<String> waiting = journal.waiting(target);
    for (String key : waiting.subList(0, Math.min(waiting.size(), rules.copiesInFlight()))) {
      commands.send(
          new OutgoingCommand(WAKE, derived(key + "/upkeep/" + now), new Wake(key), Duration.ZERO));
    }
  }

  /** The next check of a copy; ids per start, so a copy started again is followed again. */
  private void follow(CopyRecord copying, int attempt) {
    commands.send(
        new OutgoingCommand(
            FOLLOW,
            derived(copying.copyKey() + "/" + copying.startedAt() + "/follow/" + attempt),
            new Follow(copying.copyKey(), attempt),
            rules.checkDelay(attempt)));
  }

  private static UUID derived(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
