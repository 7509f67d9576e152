package dev.snaplife.snapshot.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.application.port.PendingSnapshots;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.RpoStates;
import dev.snaplife.snapshot.application.port.SnapshotRequestRejected;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run's decisions, with in-memory ports: what the emulator cannot make RDS refuse. */
class TakeSnapshotsTest {

  static final Instant AT = Instant.parse("2026-11-20T01:00:00Z");

  /** A fleet whose create calls can be told to refuse, per database. */
  static final class InMemoryFleet implements RdsFleet {
    final List<Database> databases = new ArrayList<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final Map<String, Failure> refusals = new HashMap<>();
    final List<String> created = new ArrayList<>();

    @Override
    public List<Database> databases(DatabaseKind kind) {
      return databases.stream().filter(d -> d.kind() == kind).toList();
    }

    @Override
    public Optional<Database> database(DatabaseKind kind, String identifier) {
      return databases(kind).stream().filter(d -> d.identifier().equals(identifier)).findFirst();
    }

    @Override
    public List<Snapshot> snapshots(DatabaseKind kind) {
      return snapshots.stream().filter(s -> s.kind() == kind).toList();
    }

    @Override
    public Optional<Snapshot> snapshot(DatabaseKind kind, String identifier) {
      return snapshots(kind).stream().filter(s -> s.identifier().equals(identifier)).findFirst();
    }

    @Override
    public Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas() {
      Map<DatabaseKind, SnapshotQuota> quotas = new EnumMap<>(DatabaseKind.class);
      quotas.put(DatabaseKind.DB_INSTANCE, new SnapshotQuota(0, 100));
      quotas.put(DatabaseKind.DB_CLUSTER, new SnapshotQuota(0, 100));
      return quotas;
    }

    @Override
    public Snapshot createSnapshot(Database db, String identifier, Map<String, String> tags) {
      Failure refusal = refusals.get(db.identifier());
      if (refusal != null) {
        throw new SnapshotRequestRejected(refusal);
      }
      created.add(identifier);
      Snapshot snapshot =
          new Snapshot(
              db.kind(),
              identifier,
              db.snapshotArn(identifier),
              db.identifier(),
              "creating",
              "manual",
              null,
              db.engine(),
              null,
              false,
              null,
              20,
              tags);
      snapshots.add(snapshot);
      return snapshot;
    }

    @Override
    public boolean deleteSnapshot(Snapshot snapshot) {
      return snapshots.remove(snapshot);
    }
  }

  static final class InMemoryPending implements PendingSnapshots {
    final List<PendingSnapshot> items = new ArrayList<>();

    @Override
    public void add(PendingSnapshot pending) {
      items.add(pending);
    }

    @Override
    public List<PendingSnapshot> all() {
      return List.copyOf(items);
    }

    @Override
    public Optional<PendingSnapshot> find(DatabaseKind kind, String id) {
      return items.stream().filter(p -> p.snapshotIdentifier().equals(id)).findFirst();
    }

    @Override
    public boolean remove(PendingSnapshot pending) {
      return items.remove(pending);
    }
  }

  static final class NoRpo implements RpoStates {
    @Override
    public Optional<Instant> breachedSince(String policy, String database) {
      return Optional.empty();
    }

    @Override
    public void markBreached(String policy, String database, Instant since) {}

    @Override
    public void markRestored(String policy, String database) {}
  }

  private final InMemoryFleet fleet = new InMemoryFleet();
  private final InMemoryPending pending = new InMemoryPending();
  private final List<EventEnvelope<?>> published = new ArrayList<>();
  private final EventPublisher publisher = published::addAll;
  private final Clock clock = Clock.fixed(AT.plusSeconds(5), ZoneOffset.UTC);
  private final OutgoingEvents outgoing = new OutgoingEvents("snaplife.snapshot-service", clock);
  private final BackupPolicy policy =
      new BackupPolicy(
          "snaplife",
          "daily",
          Set.of(DatabaseKind.DB_INSTANCE),
          null,
          Map.of(),
          Set.of(),
          null,
          Set.of(),
          Duration.ofHours(24),
          "snaplife",
          new BackupPolicy.Retention(7, 0, 0, 0),
          true,
          false,
          null,
          false,
          false);
  private final Policies policies = new Policies(List.of(policy));
  private final TakeSnapshots takeSnapshots =
      new TakeSnapshots(
          policies,
          fleet,
          pending,
          new WatchRecoveryPoints(policies, fleet, new NoRpo(), publisher, outgoing, clock),
          publisher,
          outgoing,
          clock);

  private static Database instance(String id) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:us-east-1:123456789012:db:" + id,
        "postgres",
        "available",
        Map.of(),
        null);
  }

  private EventEnvelope<BackupRequested> run() {
    return EventEnvelope.of(
        UUID.randomUUID(),
        AT,
        UUID.randomUUID(),
        null,
        "snaplife.scheduler",
        new BackupRequested("daily", AT, null, false));
  }

  @Test
  void aRefusedDatabaseFailsWithItsReasonAndTheRestOfTheRunGoesOn() {
    fleet.databases.addAll(List.of(instance("a-db"), instance("gone-db"), instance("z-db")));
    fleet.refusals.put(
        "gone-db", new Failure("gone-db no longer exists", "DBInstanceNotFound", false));

    takeSnapshots.run(run());

    assertThat(fleet.created)
        .containsExactly("snaplife-a-db-20261120-0100", "snaplife-z-db-20261120-0100");
    SnapshotFailed failed = only(SnapshotFailed.class);
    assertThat(failed.sourceIdentifier()).isEqualTo("gone-db");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(pending.items).hasSize(2);
    assertThat(only(BackupRunPlanned.class).plannedSnapshots()).hasSize(3);
  }

  @Test
  void snapshotsStillBeingCreatedAreFollowedNotReported() {
    fleet.databases.add(instance("a-db"));

    takeSnapshots.run(run());

    assertThat(published).noneMatch(e -> e.data() instanceof SnapshotCreated);
    assertThat(pending.items)
        .extracting(PendingSnapshots.PendingSnapshot::snapshotIdentifier)
        .containsExactly("snaplife-a-db-20261120-0100");
  }

  @Test
  void anUnknownPolicyIsBadInputNotATransientFailure() {
    EventEnvelope<BackupRequested> unknown =
        EventEnvelope.of(
            UUID.randomUUID(),
            AT,
            UUID.randomUUID(),
            null,
            "snaplife.scheduler",
            new BackupRequested("nightly", AT, null, false));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> takeSnapshots.run(unknown))
        .isInstanceOf(dev.snaplife.contracts.json.InvalidEventException.class)
        .hasMessageContaining("no backup policy named 'nightly'");
  }

  private <E> E only(Class<E> type) {
    List<E> matching =
        published.stream()
            .map(EventEnvelope::data)
            .filter(type::isInstance)
            .map(type::cast)
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
