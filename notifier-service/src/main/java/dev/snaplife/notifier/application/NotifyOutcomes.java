package dev.snaplife.notifier.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.notifier.application.port.NotificationChannels;
import dev.snaplife.notifier.application.port.RunDigests;
import dev.snaplife.notifier.application.port.RunDigests.Facts;
import dev.snaplife.notifier.domain.Notification;
import dev.snaplife.notifier.domain.OutcomeFormatter;
import dev.snaplife.notifier.domain.RunDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fans each outcome out to its topic, and gathers each backup run's outcomes into one digest, sent
 * when the run's plan and all its outcomes are in, or when the deadline passes.
 */
public final class NotifyOutcomes {

  /** Where an event type goes; by default failures and RPO breaches to alerts, the rest to info. */
  public enum Route {
    INFO,
    ALERTS,
    NONE
  }

  private final NotificationChannels channels;
  private final RunDigests digests;
  private final Map<EventType, Route> routes;
  private final Duration digestDeadline;
  private final Clock clock;

  public NotifyOutcomes(
      NotificationChannels channels,
      RunDigests digests,
      Map<EventType, Route> routes,
      Duration digestDeadline,
      Clock clock) {
    this.channels = channels;
    this.digests = digests;
    this.routes = routes;
    this.digestDeadline = digestDeadline;
    this.clock = clock;
  }

  public void on(EventEnvelope<?> event) {
    Route route =
        routes.getOrDefault(
            event.type(),
            event.type().severity() == EventType.Severity.ALERT ? Route.ALERTS : Route.INFO);
    if (route != Route.NONE) {
      Notification.Channel channel =
          route == Route.ALERTS ? Notification.Channel.ALERTS : Notification.Channel.INFO;
      OutcomeFormatter.format(event, channel).ifPresent(n -> channels.publish(n, channel));
    }
    runFacts(event).ifPresent(run -> digestIfComplete(run));
  }

  /** Sends the digests whose deadline passed, marked incomplete. */
  public void sendOverdueDigests() {
    for (RunDigest digest : digests.unsentSince(clock.instant().minus(digestDeadline))) {
      send(digest, true);
    }
  }

  private Optional<UUID> runFacts(EventEnvelope<?> event) {
    UUID runId;
    Facts facts;
    switch (event.data()) {
      case BackupRequested r -> {
        runId = event.eventId();
        facts = Facts.requested(r.policy(), r.scheduledTime());
      }
      case BackupRunPlanned p -> {
        runId = p.runId();
        facts =
            Facts.planned(
                p.policy(),
                p.scheduledTime(),
                p.dryRun(),
                p.plannedSnapshots(),
                p.plannedDeletions(),
                p.skippedDatabases());
      }
      case SnapshotCreated c when c.runId() != null -> {
        runId = c.runId();
        facts = Facts.snapshotCreated(c.policy(), c.snapshot().snapshotIdentifier());
      }
      case SnapshotDeleted d when d.runId() != null -> {
        runId = d.runId();
        facts = Facts.snapshotDeleted(d.policy(), d.snapshot().snapshotIdentifier());
      }
      case SnapshotFailed f when f.runId() != null -> {
        runId = f.runId();
        String id = f.snapshotIdentifier() != null ? f.snapshotIdentifier() : f.sourceIdentifier();
        facts = Facts.snapshotFailed(f.policy(), id, f.failure().reason());
      }
      default -> {
        return Optional.empty();
      }
    }
    digests.record(runId, facts, clock.instant());
    return Optional.of(runId);
  }

  private void digestIfComplete(UUID runId) {
    digests.get(runId).filter(d -> !d.sent() && d.complete()).ifPresent(d -> send(d, false));
  }

  /**
   * Claims the digest, publishes it, marks it sent. Only one sender wins the claim; a failed
   * publish releases it for the retry, and a crash leaves a claim that expires for the sweep.
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

  static final Duration SENDING_LEASE = Duration.ofMinutes(2);
}
