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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches each selected database's newest available snapshot (of any origin: a recovery point is a
 * recovery point) against its policy's recovery point objective. A breach is published once, and
 * its end once, so on-call hears of a silent gap instead of finding it at restore time. Event ids
 * derive from the breach, so a repeated check never alerts twice.
 *
 * <p>The periodic check runs on a timer fired into the service's queue, so once per tick whatever
 * the number of replicas. It reads the databases once for all policies, and the snapshots only when
 * a policy's horizon (the earliest time one of its databases could breach, saved by the last full
 * check) has passed or its databases changed: between runs a tick is a few describes and one read.
 */
public final class WatchRecoveryPoints {

  public static final String TIMER = "rpo-watch";

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
    List<BackupPolicy> watched =
        policies.all().stream().filter(p -> p.recoveryPointObjective().isPresent()).toList();
    if (watched.isEmpty()) {
      return;
    }
    Set<DatabaseKind> kinds = EnumSet.noneOf(DatabaseKind.class);
    watched.forEach(p -> kinds.addAll(p.selection().kinds()));
    Map<DatabaseKind, List<Database>> databases = new EnumMap<>(DatabaseKind.class);
    kinds.forEach(kind -> databases.put(kind, fleet.databases(kind)));
    RpoStates.Watch watch = states.load();
    Instant now = clock.instant();
    Map<DatabaseKind, List<Snapshot>> snapshots = new EnumMap<>(DatabaseKind.class);
    for (BackupPolicy policy : watched) {
      List<Database> selected = new ArrayList<>();
      policy
          .selection()
          .kindList()
          .forEach(k -> databases.get(k).stream().filter(policy::selects).forEach(selected::add));
      RpoStates.Horizon horizon = watch.horizons().get(policy.name());
      boolean anyBreached =
          selected.stream().anyMatch(db -> watch.breaches().containsKey(key(policy, db)));
      if (!anyBreached
          && horizon != null
          && horizon.fleetDigest().equals(digest(selected))
          && now.isBefore(horizon.freshUntil())) {
        continue;
      }
      List<Snapshot> read = new ArrayList<>();
      for (DatabaseKind kind : policy.selection().kindList()) {
        read.addAll(snapshots.computeIfAbsent(kind, fleet::snapshots));
      }
      assess(policy, selected, read, watch);
    }
  }

  /** Assesses from data already read (a backup run passes its describes). */
  public void assess(BackupPolicy policy, List<Database> selected, List<Snapshot> snapshots) {
    if (policy.recoveryPointObjective().isPresent()) {
      assess(policy, selected, snapshots, states.load());
    }
  }

  private void assess(
      BackupPolicy policy,
      List<Database> selected,
      List<Snapshot> snapshots,
      RpoStates.Watch watch) {
    Duration rpo = policy.recoveryPointObjective().orElseThrow();
    Instant now = clock.instant();
    Map<String, Instant> newestByDatabase =
        snapshots.stream()
            .filter(Snapshot::isAvailable)
            .filter(s -> s.createdAt() != null)
            .collect(
                Collectors.toMap(
                    s -> s.kind() + "/" + s.sourceIdentifier(),
                    Snapshot::createdAt,
                    (a, b) -> a.isAfter(b) ? a : b));
    List<EventEnvelope<?>> events = new ArrayList<>();
    List<Runnable> stateChanges = new ArrayList<>();
    Instant freshUntil = Instant.MAX;
    for (Database db : selected) {
      Optional<Instant> newest =
          Optional.ofNullable(newestByDatabase.get(db.kind() + "/" + db.identifier()));
      boolean fresh = newest.isPresent() && newest.get().isAfter(now.minus(rpo));
      if (fresh && newest.get().plus(rpo).isBefore(freshUntil)) {
        freshUntil = newest.get().plus(rpo);
      }
      String key = key(policy, db);
      Instant breachedSince = watch.breaches().get(key);
      String subject = "rpo/" + key;
      if (!fresh && breachedSince == null) {
        events.add(
            outgoing.originating(
                new RecoveryPointObjectiveBreached(
                    policy.name(),
                    db.kind(),
                    db.identifier(),
                    rpo.toMinutes(),
                    newest.orElse(null),
                    now),
                OutgoingEvents.lifecycleIdOf(subject),
                subject + "/breached-after/" + newest.map(Instant::toString).orElse("never")));
        stateChanges.add(() -> states.markBreached(key, now));
      } else if (fresh && breachedSince != null) {
        events.add(
            outgoing.originating(
                new RecoveryPointObjectiveRestored(
                    policy.name(),
                    db.kind(),
                    db.identifier(),
                    rpo.toMinutes(),
                    newest.get(),
                    breachedSince),
                OutgoingEvents.lifecycleIdOf(subject),
                subject + "/restored-by/" + newest.get()));
        stateChanges.add(() -> states.markRestored(key));
      }
    }
    if (!events.isEmpty()) {
      publisher.publish(events);
      stateChanges.forEach(Runnable::run);
    }
    RpoStates.Horizon previous = watch.horizons().get(policy.name());
    RpoStates.Horizon horizon = new RpoStates.Horizon(freshUntil, digest(selected));
    if (!horizon.equals(previous)) {
      states.saveHorizon(policy.name(), horizon);
    }
  }

  private static String key(BackupPolicy policy, Database db) {
    return policy.name() + "/" + db.kind() + "/" + db.identifier();
  }

  /** Which databases a policy selected, as a short stable string. */
  private static String digest(List<Database> selected) {
    String joined =
        selected.stream()
            .map(db -> db.kind() + "/" + db.identifier())
            .sorted(Comparator.naturalOrder())
            .collect(Collectors.joining(","));
    return OutgoingEvents.derive(joined).toString();
  }
}
