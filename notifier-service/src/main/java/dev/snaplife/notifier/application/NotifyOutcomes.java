package dev.snaplife.notifier.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotDeletionFailed;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.ledger.LifecycleEntries;
import dev.snaplife.notifier.application.port.LifecycleLedger;
import dev.snaplife.notifier.application.port.NotificationChannels;
import dev.snaplife.notifier.application.port.RunDigests;
import dev.snaplife.notifier.application.port.RunDigests.Facts;
import dev.snaplife.notifier.application.port.RunDigests.Outcome;
import dev.snaplife.notifier.domain.Notification;
import dev.snaplife.notifier.domain.OutcomeFormatter;
import dev.snaplife.notifier.domain.RunDigest;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records each fact in the lifecycle ledger, fans each outcome out to its topic, and gathers each
 * backup run's outcomes into one digest, sent when the run's plan and all its outcomes are in, or
 * when the deadline passes. The deadline is a delayed command to this service's own queue,
 * scheduled once per run: no timer scans the digests, and a notifier with no run in flight makes no
 * calls.
 *
 * <p>Calls per outcome event: the SNS publish and one update that records the fact and returns the
 * digest (besides the platform's claim and completion).
 */
public final class NotifyOutcomes {

  public static final String DEADLINE = "digest-deadline";

  /** Where an event type goes; by default failures and RPO breaches to alerts, the rest to info. */
  public enum Route {
    INFO,
    ALERTS,
    NONE
  }

  /** The deadline check of one run's digest; it re-sends itself until the deadline. */
  public record DeadlineCheck(UUID runId, Instant dueAt, int hop) {}

  static final Duration SENDING_LEASE = Duration.ofMinutes(2);

  private final NotificationChannels channels;
  private final RunDigests digests;
  private final LifecycleLedger ledger;
  private final CommandQueue commands;
  private final Map<EventType, Route> routes;
  private final Duration digestDeadline;
  private final Clock clock;

  public NotifyOutcomes(
      NotificationChannels channels,
      RunDigests digests,
      LifecycleLedger ledger,
      CommandQueue commands,
      Map<EventType, Route> routes,
      Duration digestDeadline,
      Clock clock) {
    this.channels = channels;
    this.digests = digests;
    this.ledger = ledger;
    this.commands = commands;
    this.routes = routes;
    this.digestDeadline = digestDeadline;
    this.clock = clock;
  }

  public void on(EventEnvelope<?> event) {
    Route route =
        routes.getOrDefault(
            event.type(),
            event.type().severity() == EventType.Severity.ALERT ? Route.ALERTS : Route.INFO);
    Notification.Channel channel =
        route == Route.ALERTS ? Notification.Channel.ALERTS : Notification.Channel.INFO;
    Optional<Notification> notification =
        route == Route.NONE ? Optional.empty() : OutcomeFormatter.format(event, channel);
    // The ledger first: a failed publish retries both, and the ledger's writes are idempotent.
    LifecycleEntries.of(event)
        .ifPresent(
            entry ->
                ledger.record(
                    entry.withNotified(
                        notification
                            .map(n -> channel.name().toLowerCase(Locale.ROOT))
                            .orElse(null))));
    notification.ifPresent(n -> channels.publish(n, channel));
    Optional<UUID> runId = runOf(event);
    if (runId.isEmpty()) {
      return;
    }
    RunDigest digest = digests.record(runId.get(), facts(event), clock.instant());
    if (!digest.sent() && digest.complete()) {
      send(digest, false);
    } else if (!digest.sent() && !digest.deadlineScheduled()) {
      scheduleDeadline(digest);
    }
  }

  /** The deadline check: sends the digest if it is still not out, marked incomplete. */
  public void checkDeadline(DeadlineCheck check) {
    Optional<RunDigest> digest = digests.get(check.runId());
    if (digest.isEmpty() || digest.get().sent()) {
      return;
    }
    Duration left = Duration.between(clock.instant(), check.dueAt());
    if (left.isPositive()) {
      // SQS holds a message at most 15 minutes: a longer deadline is a chain of checks.
      commands.send(deadlineCommand(check.runId(), check.dueAt(), check.hop() + 1, left));
      return;
    }
    send(digest.get(), !digest.get().complete());
  }

  private void scheduleDeadline(RunDigest digest) {
    Instant dueAt = digest.firstSeenAt().plus(digestDeadline);
    Duration left = Duration.between(clock.instant(), dueAt);
    commands.send(deadlineCommand(digest.runId(), dueAt, 1, left));
    digests.markDeadlineScheduled(digest.runId());
  }

  private static OutgoingCommand deadlineCommand(
      UUID runId, Instant dueAt, int hop, Duration left) {
    Duration delay = left.isNegative() ? Duration.ZERO : left;
    if (delay.compareTo(CommandQueue.MAX_DELAY) > 0) {
      delay = CommandQueue.MAX_DELAY;
    }
    return new OutgoingCommand(
        DEADLINE,
        OutgoingEvents.derive(runId + "/" + DEADLINE + "/" + dueAt + "/" + hop),
        new DeadlineCheck(runId, dueAt, hop),
        delay);
  }

  private static Optional<UUID> runOf(EventEnvelope<?> event) {
    return switch (event.data()) {
      case BackupRequested r -> Optional.of(event.eventId());
      case BackupRunPlanned p -> Optional.of(p.runId());
      case SnapshotCreated c -> Optional.ofNullable(c.runId());
      case SnapshotDeleted d -> Optional.ofNullable(d.runId());
      case SnapshotFailed f -> Optional.ofNullable(f.runId());
      case SnapshotDeletionFailed f -> Optional.ofNullable(f.runId());
      default -> Optional.empty();
    };
  }

  private static Facts facts(EventEnvelope<?> event) {
    return switch (event.data()) {
      case BackupRequested r -> Facts.about(r.policy()).scheduledAt(r.scheduledTime());
      case BackupRunPlanned p ->
          Facts.about(p.policy())
              .scheduledAt(p.scheduledTime())
              .plan(p.partNumber(), p.partCount(), p.dryRun(), keptByRule(p))
              .with(Outcome.PLANNED, p.plannedSnapshots())
              .with(Outcome.PLANNED_DELETIONS, p.plannedDeletions())
              .with(Outcome.SKIPPED, p.skippedDatabases());
      case SnapshotCreated c ->
          Facts.about(c.policy()).with(Outcome.CREATED, List.of(c.snapshot().snapshotIdentifier()));
      case SnapshotDeleted d ->
          Facts.about(d.policy()).with(Outcome.DELETED, List.of(d.snapshot().snapshotIdentifier()));
      case SnapshotFailed f ->
          Facts.about(f.policy())
              .with(
                  Outcome.FAILED,
                  List.of(
                      (f.snapshotIdentifier() != null
                              ? f.snapshotIdentifier()
                              : f.sourceIdentifier())
                          + ": "
                          + f.failure().reason()));
      case SnapshotDeletionFailed f ->
          Facts.about(f.policy())
              .with(
                  Outcome.DELETIONS_FAILED,
                  List.of(f.snapshot().snapshotIdentifier() + ": " + f.failure().reason()));
      default -> Facts.about(null);
    };
  }

  private static Map<String, Integer> keptByRule(BackupRunPlanned plan) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    if (plan.kept() != null) {
      plan.kept().forEach(k -> k.keptBy().forEach(rule -> counts.merge(rule, 1, Integer::sum)));
    }
    return counts;
  }

  /**
   * Claims the digest, publishes it, marks it sent. Only one sender wins the claim; a failed
   * publish releases it for the retry, and a crash leaves a claim that expires for the deadline
   * check. A digest with failures goes to both topics: the info topic's readers see every run.
   */
  private void send(RunDigest digest, boolean deadlinePassed) {
    if (!digests.claimSending(digest.runId(), clock.instant(), SENDING_LEASE)) {
      return;
    }
    try {
      Notification notification = digest.render(deadlinePassed);
      channels.publish(notification, Notification.Channel.INFO);
      if (notification.channel() == Notification.Channel.ALERTS) {
        channels.publish(notification, Notification.Channel.ALERTS);
      }
    } catch (RuntimeException e) {
      digests.releaseSending(digest.runId());
      throw e;
    }
    digests.markSent(digest.runId());
  }
}
