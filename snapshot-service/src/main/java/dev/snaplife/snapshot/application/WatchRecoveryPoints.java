package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.RecoveryPointObjectiveRestored;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.RpoStates;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Watches each selected database's newest available snapshot (of any origin: a recovery point is a
 * recovery point) against its policy's recovery point objective. A breach is published once, and
 * its end once, so on-call hears of a silent gap instead of finding it at restore time. Event ids
 * derive from the breach, so a repeated check never alerts twice.
 */
public final class WatchRecoveryPoints {

  private final Policies policies;
  private final RdsFleet fleet;
  private final RpoStates states;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final Clock clock;

  public WatchRecoveryPoints(
      Policies policies,
      RdsFleet fleet,
      RpoStates states,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    this.policies = policies;
    this.fleet = fleet;
    this.states = states;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.clock = clock;
  }

  /** The periodic check, independent of whether any schedule fires. */
  public void checkAll() {
    for (BackupPolicy policy : policies.all()) {
      if (policy.recoveryPointObjective().isEmpty()) {
        continue;
      }
      List<Database> selected = new ArrayList<>();
      for (DatabaseKind kind : policy.kindList()) {
        fleet.databases(kind).stream().filter(policy::selects).forEach(selected::add);
      }
      List<Snapshot> snapshots = new ArrayList<>();
      selected.stream()
          .map(Database::kind)
          .distinct()
          .forEach(kind -> snapshots.addAll(fleet.snapshots(kind)));
      assess(policy, selected, snapshots);
    }
  }

  /** Assesses from data already read (a backup run passes its describes). */
  public void assess(BackupPolicy policy, List<Database> selected, List<Snapshot> snapshots) {
    Optional<Duration> rpo = policy.recoveryPointObjective();
    if (rpo.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<EventEnvelope<?>> events = new ArrayList<>();
    List<Runnable> stateChanges = new ArrayList<>();
    for (Database db : selected) {
      Optional<Instant> newest =
          snapshots.stream()
              .filter(s -> s.kind() == db.kind() && s.sourceIdentifier().equals(db.identifier()))
              .filter(Snapshot::isAvailable)
              .map(Snapshot::createdAt)
              .filter(t -> t != null)
              .max(Comparator.naturalOrder());
      boolean fresh = newest.isPresent() && newest.get().isAfter(now.minus(rpo.get()));
      Optional<Instant> breachedSince = states.breachedSince(policy.name(), db.identifier());
      String subject = "rpo/" + policy.name() + "/" + db.kind() + "/" + db.identifier();
      if (!fresh && breachedSince.isEmpty()) {
        events.add(
            outgoing.originating(
                new RecoveryPointObjectiveBreached(
                    policy.name(),
                    db.kind(),
                    db.identifier(),
                    rpo.get().toMinutes(),
                    newest.orElse(null),
                    now),
                OutgoingEvents.lifecycleIdOf(subject),
                subject + "/breached-after/" + newest.map(Instant::toString).orElse("never")));
        stateChanges.add(() -> states.markBreached(policy.name(), db.identifier(), now));
      } else if (fresh && breachedSince.isPresent()) {
        events.add(
            outgoing.originating(
                new RecoveryPointObjectiveRestored(
                    policy.name(),
                    db.kind(),
                    db.identifier(),
                    rpo.get().toMinutes(),
                    newest.get(),
                    breachedSince.get()),
                OutgoingEvents.lifecycleIdOf(subject),
                subject + "/restored-by/" + newest.get()));
        stateChanges.add(() -> states.markRestored(policy.name(), db.identifier()));
      }
    }
    if (!events.isEmpty()) {
      publisher.publish(events);
      stateChanges.forEach(Runnable::run);
    }
  }
}
