package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventBatch;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.ReportedSnapshots;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Follows snapshots being created until they are available (SnapshotCreated) or failed
 * (SnapshotFailed). RDS's own "snapshot created" event ends the wait within seconds. The fallback
 * is a follow-up command the run sends to its own queue with a delay: it describes its pending
 * snapshots in one call per hundred (skipping those RDS's event already reported), and sends itself
 * again, later each time, for those still being created. No timer runs in every replica, and a
 * fleet with nothing pending makes no calls at all.
 */
public final class FollowSnapshots {

  public static final String COMMAND = "follow-snapshots";
  static final int CHUNK = 100;

  private final RdsFleet fleet;
  private final ReportedSnapshots reported;
  private final Policies policies;
  private final CommandQueue commands;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final Clock clock;
  private final Timing timing;

  /**
   * @param pollInterval the first check after the request; each further one waits twice as long
   * @param maxPollInterval the longest wait between checks
   * @param giveUpAfter how long a snapshot may stay in creation before it is reported failed
   */
  public record Timing(Duration pollInterval, Duration maxPollInterval, Duration giveUpAfter) {

    Duration delay(int attempt) {
      long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
      Duration delay = pollInterval.multipliedBy(factor);
      Duration cap =
          maxPollInterval.compareTo(CommandQueue.MAX_DELAY) < 0
              ? maxPollInterval
              : CommandQueue.MAX_DELAY;
      return delay.compareTo(cap) > 0 ? cap : delay;
    }
  }

  /**
   * A follow-up: one kind's pending snapshots of one run, at most a hundred.
   *
   * @param attempt 1 for the first check
   */
  public record FollowUp(
      UUID runId,
      UUID causeEventId,
      String policy,
      Instant requestedAt,
      int attempt,
      DatabaseKind kind,
      List<String> snapshots) {}

  public FollowSnapshots(
      RdsFleet fleet,
      ReportedSnapshots reported,
      Policies policies,
      CommandQueue commands,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock,
      Timing timing) {
    this.fleet = fleet;
    this.reported = reported;
    this.policies = policies;
    this.commands = commands;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.clock = clock;
    this.timing = timing;
  }

  /** Schedules the first check of a run's pending snapshots. */
  public void follow(UUID runId, UUID causeEventId, String policy, List<Snapshot> pending) {
    Instant now = clock.instant();
    List<OutgoingCommand> followUps = new ArrayList<>();
    Map<DatabaseKind, List<String>> byKind =
        pending.stream()
            .collect(
                Collectors.groupingBy(
                    Snapshot::kind,
                    () -> new java.util.EnumMap<>(DatabaseKind.class),
                    Collectors.mapping(Snapshot::identifier, Collectors.toList())));
    byKind.forEach(
        (kind, ids) -> {
          List<String> sorted = ids.stream().sorted().toList();
          for (int from = 0; from < sorted.size(); from += CHUNK) {
            List<String> chunk = sorted.subList(from, Math.min(from + CHUNK, sorted.size()));
            followUps.add(command(new FollowUp(runId, causeEventId, policy, now, 1, kind, chunk)));
          }
        });
    if (!followUps.isEmpty()) {
      commands.send(followUps);
    }
  }

  /** The fallback check of one follow-up, and the next one for what is still pending. */
  public void check(Command<FollowUp> command) {
    FollowUp followUp = command.payload();
    Integer retentionDays =
        policies.find(followUp.policy()).map(p -> p.retention().retentionDays()).orElse(null);
    // RDS's own event reported these already: no describe, no second event.
    Map<String, String> arnById = new java.util.LinkedHashMap<>();
    followUp.snapshots().forEach(id -> arnById.put(id, arnOf(followUp.kind(), id)));
    Set<String> reportedArns = reported.reported(arnById.values());
    List<String> toDescribe =
        followUp.snapshots().stream()
            .filter(id -> !reportedArns.contains(arnById.get(id)))
            .toList();
    if (toDescribe.isEmpty()) {
      return;
    }
    Map<String, Snapshot> byId =
        fleet.snapshots(followUp.kind(), toDescribe).stream()
            .collect(Collectors.toMap(Snapshot::identifier, s -> s, (a, b) -> a));
    boolean timedOut = followUp.requestedAt().plus(timing.giveUpAfter()).isBefore(clock.instant());
    EventBatch events = new EventBatch(publisher);
    List<String> stillPending = new ArrayList<>();
    for (String id : toDescribe) {
      Snapshot snapshot = byId.get(id);
      if (snapshot == null) {
        events.add(
            failed(
                followUp,
                id,
                Optional.empty(),
                new Failure(
                    "snapshot " + id + " disappeared while being created",
                    "DBSnapshotNotFound",
                    true)));
      } else if (snapshot.isAvailable()) {
        events.add(
            TakeSnapshots.created(
                outgoing,
                followUp.causeEventId(),
                followUp.policy(),
                retentionDays,
                snapshot,
                followUp.runId()));
      } else if (snapshot.isFailed()) {
        events.add(
            failed(
                followUp,
                id,
                Optional.of(snapshot),
                new Failure(
                    "RDS reports snapshot " + id + " as " + snapshot.status(),
                    "SnapshotFailed",
                    true)));
      } else if (timedOut) {
        events.add(
            failed(
                followUp,
                id,
                Optional.of(snapshot),
                new Failure(
                    "snapshot "
                        + id
                        + " still "
                        + snapshot.status()
                        + " after "
                        + timing.giveUpAfter()
                        + "; check it in the RDS console",
                    "SnapshotTimedOut",
                    true)));
      } else {
        stillPending.add(id);
      }
    }
    events.flush();
    if (!stillPending.isEmpty()) {
      commands.send(
          command(
              new FollowUp(
                  followUp.runId(),
                  followUp.causeEventId(),
                  followUp.policy(),
                  followUp.requestedAt(),
                  followUp.attempt() + 1,
                  followUp.kind(),
                  stillPending)));
    }
  }

  private String arnOf(DatabaseKind kind, String identifier) {
    RdsFleet.Location at = fleet.location();
    return "arn:aws:rds:"
        + at.region()
        + ":"
        + at.accountId()
        + (kind == DatabaseKind.DB_CLUSTER ? ":cluster-snapshot:" : ":snapshot:")
        + identifier;
  }

  /**
   * RDS reported a manual snapshot created: publishes its SnapshotCreated if it is one of this
   * environment's, and notes it so the fallback check skips it. Returns whether it was ours.
   */
  public boolean snapshotCreated(DatabaseKind kind, String snapshotIdentifier) {
    Optional<Snapshot> found = fleet.snapshot(kind, snapshotIdentifier);
    if (found.isEmpty() || !found.get().isAvailable()) {
      return false;
    }
    Snapshot snapshot = found.get();
    Optional<BackupPolicy> policy =
        snapshot
            .tag(SnaplifeTags.POLICY)
            .flatMap(policies::find)
            .filter(p -> SnaplifeTags.ownedBy(snapshot, p));
    if (policy.isEmpty()) {
      return false;
    }
    UUID runId = snapshot.tag(SnaplifeTags.RUN_ID).flatMap(FollowSnapshots::uuid).orElse(null);
    publisher.publish(
        TakeSnapshots.created(
            outgoing,
            runId == null ? OutgoingEvents.lifecycleIdOf(snapshot.arn()) : runId,
            policy.get().name(),
            policy.get().retention().retentionDays(),
            snapshot,
            runId));
    reported.markReported(snapshot.arn());
    return true;
  }

  private OutgoingCommand command(FollowUp followUp) {
    String key =
        followUp.runId()
            + "/"
            + COMMAND
            + "/"
            + followUp.kind()
            + "/"
            + followUp.attempt()
            + "/"
            + String.join(",", followUp.snapshots());
    return new OutgoingCommand(
        COMMAND, OutgoingEvents.derive(key), followUp, timing.delay(followUp.attempt()));
  }

  private EventEnvelope<SnapshotFailed> failed(
      FollowUp followUp, String id, Optional<Snapshot> snapshot, Failure failure) {
    RdsFleet.Location location = fleet.location();
    return outgoing.causedBy(
        followUp.causeEventId(),
        snapshot
            .map(SnapshotEvents::lifecycleOf)
            .orElseGet(() -> OutgoingEvents.lifecycleIdOf("snapshot/" + id)),
        new SnapshotFailed(
            followUp.policy(),
            followUp.kind(),
            snapshot.map(Snapshot::sourceIdentifier).orElse(id),
            id,
            snapshot.map(Snapshot::engine).orElse(null),
            snapshot.map(Snapshot::accountId).orElse(location.accountId()),
            snapshot.map(Snapshot::region).orElse(location.region()),
            failure,
            followUp.runId()),
        id);
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
