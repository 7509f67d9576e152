package dev.snaplife.replication.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.testing.RecordingBus;
import dev.snaplife.platform.testing.TestFleet;
import dev.snaplife.replication.application.port.CopyJournal;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import dev.snaplife.replication.domain.ReplicationRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The copy slots and the wait for one, with RDS and the journal in memory. */
class CopySnapshotsTest {

  static final Location HOME = new Location("123456789012", "us-east-1");
  static final Destination EU = new Destination("eu", HOME.accountId(), "eu-west-1", null, "key");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

  final InMemoryRds rds = new InMemoryRds();
  final InMemoryJournal journal = new InMemoryJournal();
  final RecordingBus bus = new RecordingBus();
  final CopySnapshots copies = copies(1);

  @Test
  void aCopyBeyondTheSlotsWaitsAndTheCopyThatEndsWakesIt() {
    copies.onRequested(request("orders-1"));
    copies.onRequested(request("orders-2"));

    assertThat(rds.copiesStarted).containsExactly("orders-1");
    assertThat(journal.waiting(EU.location())).containsExactly(key("orders-2"));
    // Its own late recheck, not a loop.
    assertThat(bus.commands(CopySnapshots.WAKE))
        .singleElement()
        .satisfies(c -> assertThat(c.delay()).isEqualTo(Duration.ofMinutes(15)));

    rds.finish("orders-1");
    copies.check(follow(key("orders-1")));

    assertThat(bus.published(SnapshotCopied.class))
        .extracting(c -> c.copy().snapshotIdentifier())
        .containsExactly("orders-1");
    OutgoingCommand wake = bus.commands(CopySnapshots.WAKE).get(1);
    assertThat(wake.delay()).isZero();
    copies.wake(command(wake, CopySnapshots.Wake.class));
    assertThat(rds.copiesStarted).containsExactly("orders-1", "orders-2");
    assertThat(journal.waiting(EU.location())).isEmpty();
  }

  @Test
  void aRequestForACopyInProgressOrDoneStartsNothing() {
    copies.onRequested(request("orders-1"));
    copies.onRequested(request("orders-1"));
    rds.finish("orders-1");
    copies.check(follow(key("orders-1")));
    copies.onRequested(request("orders-1"));

    assertThat(rds.copiesStarted).containsExactly("orders-1");
    assertThat(bus.published(SnapshotCopied.class)).hasSize(1);
  }

  @Test
  void aFullQuotaIsReportedOnceAndTheCopyTriedAgainLater() {
    rds.quota = new RdsSnapshots.Quota(100, 100);

    copies.onRequested(request("orders-1"));

    assertThat(rds.copiesStarted).isEmpty();
    assertThat(bus.published(SnapshotReplicationFailed.class))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.failure().errorCode()).isEqualTo("SnapshotQuotaExceeded");
              assertThat(f.failure().retryable()).isTrue();
            });
    assertThat(journal.slots).isEmpty();
    rds.quota = new RdsSnapshots.Quota(10, 100);
    copies.wake(command(bus.commands(CopySnapshots.WAKE).get(0), CopySnapshots.Wake.class));
    assertThat(rds.copiesStarted).containsExactly("orders-1");
  }

  @Test
  void aLateCheckOfAFinishedCopyGivesBackASlotItStillHolds() {
    copies.onRequested(request("orders-1"));
    rds.finish("orders-1");
    copies.check(follow(key("orders-1")));
    // As if the delivery that finished it had stopped before giving the slot back.
    journal.acquireSlot(EU.location(), key("orders-1"), 1);

    copies.check(follow(key("orders-1")));

    assertThat(journal.slots).isEmpty();
  }

  CopySnapshots copies(int slots) {
    ReplicationRule rule =
        new ReplicationRule(
            "dr",
            Set.of(),
            null,
            Map.of(),
            Set.of(DatabaseKind.DB_INSTANCE),
            List.of(),
            List.of(EU),
            new ReplicationRule.CopyRetention(7, 0, 0, 0));
    ReplicationRules rules =
        new ReplicationRules(
            HOME, "prod", List.of(rule), Set.of(), null, slots, Duration.ofSeconds(5));
    return new CopySnapshots(
        rules,
        rds,
        journal,
        bus,
        new OutgoingEvents("snaplife.replication-service", CLOCK),
        bus,
        CLOCK);
  }

  static EventEnvelope<SnapshotCopyRequested> request(String snapshot) {
    SnapshotRef source =
        TestFleet.instanceSnapshot(
            snapshot, "orders", HOME.accountId(), HOME.region(), "key", CLOCK.instant());
    return EventEnvelope.of(
        UUID.randomUUID(),
        CLOCK.instant(),
        UUID.randomUUID(),
        null,
        "snaplife.replication-service",
        new SnapshotCopyRequested(
            source, "daily", "dr", "eu", EU.accountId(), EU.region(), Map.of()));
  }

  static String key(String snapshot) {
    return EU.accountId() + "/" + EU.region() + "/DB_INSTANCE/" + snapshot;
  }

  static Command<CopySnapshots.Follow> follow(String key) {
    return new Command<>(
        CopySnapshots.FOLLOW, UUID.randomUUID(), CLOCK.instant(), new CopySnapshots.Follow(key, 0));
  }

  static <T> Command<T> command(OutgoingCommand sent, Class<T> type) {
    return RecordingBus.received(sent, type, CLOCK.instant());
  }

  /** RDS in the destination: copies start "copying" and finish when told. */
  static final class InMemoryRds implements RdsSnapshots {
    final List<String> copiesStarted = new ArrayList<>();
    final Map<String, Replica> copies = new HashMap<>();
    RdsSnapshots.Quota quota = new RdsSnapshots.Quota(0, 100);

    void finish(String identifier) {
      Replica r = copies.get(identifier);
      copies.put(identifier, withStatus(r, "available"));
    }

    @Override
    public Optional<Replica> find(Location location, DatabaseKind kind, String identifier) {
      return Optional.ofNullable(copies.get(identifier));
    }

    @Override
    public void share(Location home, Replica snapshot, List<String> accounts) {}

    @Override
    public Replica copy(
        Location target,
        Replica source,
        String targetIdentifier,
        String kmsKeyId,
        Map<String, String> tags,
        boolean copySourceTags) {
      if (copies.containsKey(targetIdentifier)) {
        throw new AlreadyExists(targetIdentifier);
      }
      copiesStarted.add(targetIdentifier);
      Replica copy =
          new Replica(
              source.kind(),
              targetIdentifier,
              "arn:aws:rds:"
                  + target.region()
                  + ":"
                  + target.accountId()
                  + ":snapshot:"
                  + targetIdentifier,
              source.sourceIdentifier(),
              "copying",
              source.createdAt(),
              source.engine(),
              source.engineVersion(),
              true,
              kmsKeyId,
              20,
              tags);
      copies.put(targetIdentifier, copy);
      return copy;
    }

    @Override
    public RdsSnapshots.Quota manualSnapshotQuota(Location location, DatabaseKind kind) {
      return quota;
    }

    @Override
    public List<Replica> manualSnapshots(Location location) {
      return List.copyOf(copies.values());
    }

    @Override
    public void delete(Location location, Replica snapshot) {
      copies.remove(snapshot.identifier());
    }

    static Replica withStatus(Replica r, String status) {
      return new Replica(
          r.kind(),
          r.identifier(),
          r.arn(),
          r.sourceIdentifier(),
          status,
          r.createdAt(),
          r.engine(),
          r.engineVersion(),
          r.encrypted(),
          r.kmsKeyId(),
          r.allocatedStorageGiB(),
          r.tags());
    }
  }

  /** The journal in memory, with the table's semantics: one holder per slot. */
  static final class InMemoryJournal implements CopyJournal {
    final Map<String, CopyRecord> records = new HashMap<>();
    final Map<String, String> slots = new LinkedHashMap<>();
    final Map<Location, TreeMap<String, String>> waiting = new HashMap<>();

    @Override
    public Optional<CopyRecord> find(String copyKey) {
      return Optional.ofNullable(records.get(copyKey));
    }

    @Override
    public void save(CopyRecord record) {
      records.put(record.copyKey(), record);
    }

    @Override
    public boolean acquireSlot(Location location, String copyKey, int limit) {
      if (slots.containsValue(copyKey)) {
        return true;
      }
      for (int n = 0; n < limit; n++) {
        String slot = location + "/" + n;
        if (!slots.containsKey(slot)) {
          slots.put(slot, copyKey);
          return true;
        }
      }
      return false;
    }

    @Override
    public void releaseSlot(Location location, String copyKey) {
      slots.values().removeIf(copyKey::equals);
    }

    @Override
    public void addWaiting(Location location, String copyKey, Instant since) {
      waiting.computeIfAbsent(location, l -> new TreeMap<>()).put(since + "|" + copyKey, copyKey);
    }

    @Override
    public void removeWaiting(Location location, String copyKey) {
      waiting.getOrDefault(location, new TreeMap<>()).values().removeIf(copyKey::equals);
    }

    @Override
    public List<String> waiting(Location location) {
      return List.copyOf(waiting.getOrDefault(location, new TreeMap<>()).values());
    }
  }
}
