package dev.snaplife.snapshot.application;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.SnapshotServiceInMemory.request;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.cluster;
import static dev.snaplife.snapshot.testing.TestFleet.foreign;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static dev.snaplife.snapshot.testing.TestFleet.owned;
import static dev.snaplife.snapshot.testing.TestFleet.snapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.KeptSnapshot;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotDeletionFailed;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import dev.snaplife.snapshot.domain.SnapshotNaming;
import dev.snaplife.snapshot.testing.SnapshotServiceInMemory;
import dev.snaplife.snapshot.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A backup run's decisions and facts, with in-memory ports: what the emulator cannot make RDS do
 * (refuse a delete, fail halfway) and what the contract of each outcome is.
 */
class RunBackupPolicyTest {

  static final Instant AT = NOW;
  static final Instant DAYS_AGO_10 = NOW.minus(Duration.ofDays(10));
  static final Instant DAYS_AGO_20 = NOW.minus(Duration.ofDays(20));
  static final Instant YESTERDAY = NOW.minus(Duration.ofDays(1));

  private static String name(BackupPolicy policy, Database db, Instant at) {
    return SnapshotNaming.identifier(policy, db.identifier(), at);
  }

  @Test
  void twoPoliciesSnapshottingOneDatabaseInTheSameMinuteEachTakeTheirOwnSnapshot() {
    BackupPolicy hourly = aPolicy("hourly").build();
    BackupPolicy compliance = aPolicy("compliance").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(hourly, compliance);
    service.fleet.newSnapshotStatus = "available";
    Database orders = instance("orders");
    service.fleet.databases.add(orders);

    service.run.run(request("hourly", AT));
    service.run.run(request("compliance", AT));

    assertThat(service.fleet.snapshots)
        .extracting(Snapshot::identifier)
        .containsExactlyInAnyOrder(name(hourly, orders, AT), name(compliance, orders, AT));
    List<EventEnvelope<SnapshotCreated>> created = service.bus.envelopes(SnapshotCreated.class);
    assertThat(created).extracting(e -> e.data().policy()).containsExactly("hourly", "compliance");
    assertThat(created.get(0).eventId()).isNotEqualTo(created.get(1).eventId());
    assertThat(service.bus.published(SnapshotFailed.class)).isEmpty();
  }

  @Test
  void aSnapshotUnderOurNameMadeByAnotherEnvironmentIsNotAdoptedButReportedFailed() {
    BackupPolicy daily = aPolicy("daily").build();
    BackupPolicy stagingDaily = aPolicy("daily").environment("staging").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    // Same name (a forged or colliding one), but the other environment's tags.
    Snapshot theirs =
        TestFleet.snapshot(
            orders,
            name(daily, orders, AT),
            "available",
            AT,
            SnaplifeTags.forNewSnapshot(stagingDaily, UUID.randomUUID(), UUID.randomUUID(), AT));
    service.fleet.snapshots.add(theirs);

    service.run.run(request("daily", AT));

    assertThat(service.bus.published(SnapshotCreated.class)).isEmpty();
    SnapshotFailed failed = service.bus.published(SnapshotFailed.class).get(0);
    assertThat(failed.sourceIdentifier()).isEqualTo("orders");
    assertThat(failed.failure().errorCode()).isEqualTo("SnapshotNotOwned");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(failed.failure().reason())
        .contains("belongs to policy 'daily' of environment 'staging'")
        .contains("not adopted");
    assertThat(service.fleet.count("CreateSnapshot")).isZero();
  }

  @Test
  void aForeignSnapshotFoundOnCreateIsNotAdoptedEither() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    // RDS answers DBSnapshotAlreadyExists: someone took the name after the run read the fleet.
    Snapshot someoneElses = foreign(orders, name(daily, orders, AT), AT);
    RdsFleet nameTakenMeanwhile =
        new ForwardingFleet(service.fleet) {
          @Override
          public Snapshot createSnapshot(Database db, String id, Map<String, String> tags) {
            return someoneElses;
          }
        };

    runWith(service, nameTakenMeanwhile).run(request("daily", AT));

    assertThat(service.bus.published(SnapshotCreated.class)).isEmpty();
    assertThat(service.bus.commands).as("nothing to follow").isEmpty();
    assertThat(service.bus.published(SnapshotFailed.class))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.failure().reason())
                    .contains("belongs to someone else (it has no CreatedBy=Snaplife tag)"));
  }

  private static RunBackupPolicy runWith(SnapshotServiceInMemory service, RdsFleet fleet) {
    return new RunBackupPolicy(
        service.policies,
        fleet,
        new TakeSnapshots(fleet, service.outgoing, 2),
        new ExpireSnapshots(fleet, service.state, service.outgoing, service.clock, 2),
        service.follow,
        service.recoveryPoints,
        service.bus,
        service.outgoing);
  }

  @Test
  void aDatabaseTheListNamesThatDoesNotExistIsAFailureNamingIt() {
    SnapshotServiceInMemory service =
        new SnapshotServiceInMemory(aPolicy("listed").identifiers("orders", "ordres").build());
    service.fleet.databases.add(instance("orders"));

    service.run.run(request("listed", AT));

    SnapshotFailed failed = service.bus.published(SnapshotFailed.class).get(0);
    assertThat(failed.sourceIdentifier()).isEqualTo("ordres");
    assertThat(failed.failure().errorCode()).isEqualTo("DatabaseNotFound");
    assertThat(failed.failure().reason())
        .isEqualTo(
            "database ordres is listed in the identifiers of policy 'listed' but no DB instance"
                + " or DB cluster of that name exists; it is not backed up");
    assertThat(failed.accountId()).isEqualTo("123456789012");
    assertThat(service.fleet.count("CreateSnapshot")).isEqualTo(1);
  }

  @Test
  void aFullQuotaFailsWhatDoesNotFitSayingTheRunTookTheLastPlaces() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    IntStream.range(0, 3).forEach(i -> service.fleet.databases.add(instance("db-" + i)));
    service.fleet.quotas.put(DatabaseKind.DB_INSTANCE, new RdsFleet.SnapshotQuota(18, 20));

    service.run.run(request("daily", AT));

    assertThat(service.fleet.count("CreateSnapshot")).isEqualTo(2);
    SnapshotFailed failed = service.bus.published(SnapshotFailed.class).get(0);
    assertThat(failed.sourceIdentifier()).isEqualTo("db-2");
    assertThat(failed.failure())
        .isEqualTo(
            new Failure(
                "manual snapshot quota reached: 20 of 20 in use (this run took the last 2);"
                    + " delete snapshots or raise the quota",
                "SnapshotQuotaExceeded",
                true));
  }

  @Test
  void retentionDeletesExpiredSnapshotsOfEveryKindThePolicyOwnsAndSaysWhyTheRestStayed() {
    // The policy backs up instances only now; a cluster it used to back up keeps its snapshots.
    BackupPolicy daily = aPolicy("daily").kinds(DatabaseKind.DB_INSTANCE).build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    Database billing = cluster("billing", "aurora-mysql", Map.of());
    service.fleet.databases.add(orders);
    service.fleet.newSnapshotStatus = "available";
    Snapshot ordersOld = owned(daily, orders, DAYS_AGO_20);
    Snapshot ordersNewer = owned(daily, orders, DAYS_AGO_10);
    Snapshot billingOld = owned(daily, billing, DAYS_AGO_20);
    Snapshot billingNewest = owned(daily, billing, DAYS_AGO_10);
    service.fleet.snapshots.addAll(List.of(ordersOld, ordersNewer, billingOld, billingNewest));

    service.run.run(request("daily", AT));

    // The snapshot this run takes is not in what the run read: the newest read stays.
    assertThat(service.bus.published(SnapshotDeleted.class))
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactlyInAnyOrder(ordersOld.identifier(), billingOld.identifier());
    BackupRunPlanned plan = service.bus.published(BackupRunPlanned.class).get(0);
    assertThat(plan.plannedDeletions())
        .containsExactlyInAnyOrder(ordersOld.identifier(), billingOld.identifier());
    assertThat(plan.kept())
        .containsExactlyInAnyOrder(
            new KeptSnapshot(ordersNewer.identifier(), "orders", List.of("keep-newest")),
            new KeptSnapshot(billingNewest.identifier(), "billing", List.of("keep-newest")));
  }

  @Test
  void aSnapshotRdsRefusesToDeleteIsItsOwnFailureAndTheRestOfTheRunGoesOn() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    service.fleet.newSnapshotStatus = "available";
    Snapshot exporting = owned(daily, orders, DAYS_AGO_20);
    Snapshot old = owned(daily, orders, DAYS_AGO_10);
    service.fleet.snapshots.addAll(List.of(exporting, old, owned(daily, orders, YESTERDAY)));
    Failure busy =
        new Failure("RDS refused to delete: an export is running", "InvalidDBSnapshotState", true);
    service.fleet.refusedDeletions.put(exporting.identifier(), busy);

    service.run.run(request("daily", AT));

    assertThat(service.bus.published(SnapshotDeletionFailed.class))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.snapshot().snapshotIdentifier()).isEqualTo(exporting.identifier());
              assertThat(f.failure()).isEqualTo(busy);
            });
    assertThat(service.bus.published(SnapshotDeleted.class))
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactly(old.identifier());
    assertThat(service.bus.published(BackupRunPlanned.class).get(0).plannedDeletions())
        .containsExactlyInAnyOrder(exporting.identifier(), old.identifier());
  }

  @Test
  void aFailureAfterADeletionLosesNeitherItsEventNowNorOnTheRetry() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    service.fleet.newSnapshotStatus = "available";
    Snapshot first = owned(daily, orders, DAYS_AGO_20);
    Snapshot second = owned(daily, orders, DAYS_AGO_10);
    service.fleet.snapshots.addAll(List.of(first, second, owned(daily, orders, YESTERDAY)));
    service.fleet.brokenDeletes.add(second.identifier());
    EventEnvelope<BackupRequested> request = request("daily", AT);

    assertThatThrownBy(() -> service.run.run(request)).hasMessageContaining("simulated outage");

    // Deletions run in parallel and the failure stops those not yet started: whichever happened
    // is on the bus before the failure propagates.
    List<String> deletedNow =
        java.util.stream.Stream.of(first, second)
            .filter(s -> !service.fleet.snapshots.contains(s))
            .map(Snapshot::identifier)
            .toList();
    assertThat(deletedNow).doesNotContain(second.identifier());
    assertThat(service.bus.published(SnapshotDeleted.class))
        .as("the deletions that happened are on the bus before the failure propagates")
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactlyElementsOf(deletedNow);
    List<org.assertj.core.groups.Tuple> eventsNow =
        service.bus.envelopes(SnapshotDeleted.class).stream()
            .map(
                e ->
                    org.assertj.core.groups.Tuple.tuple(
                        e.data().snapshot().snapshotIdentifier(), e.eventId()))
            .toList();

    // The redelivery: RDS no longer shows what was deleted; the journal does.
    service.fleet.brokenDeletes.clear();
    service.bus.putEventsCalls.clear();
    service.run.run(request);

    assertThat(service.bus.envelopes(SnapshotDeleted.class))
        .extracting(e -> e.data().snapshot().snapshotIdentifier(), EventEnvelope::eventId)
        .containsAll(eventsNow);
    assertThat(service.bus.published(SnapshotDeleted.class))
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactlyInAnyOrder(first.identifier(), second.identifier());
    assertThat(service.bus.published(BackupRunPlanned.class).get(0).plannedDeletions())
        .containsExactlyInAnyOrder(first.identifier(), second.identifier());
  }

  @Test
  void aDeletionThatFindsTheSnapshotAlreadyGoneIsReportedDeletedSoTheDigestCompletes() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    service.fleet.newSnapshotStatus = "available";
    Snapshot gone = owned(daily, orders, DAYS_AGO_20);
    Snapshot old = owned(daily, orders, DAYS_AGO_10);
    service.fleet.snapshots.addAll(List.of(gone, old, owned(daily, orders, YESTERDAY)));
    RdsFleet someoneDeletesFirst =
        new ForwardingFleet(service.fleet) {
          @Override
          public boolean deleteSnapshot(Snapshot snapshot) {
            if (snapshot.identifier().equals(gone.identifier())) {
              service.fleet.snapshots.remove(gone);
            }
            return super.deleteSnapshot(snapshot);
          }
        };

    runWith(service, someoneDeletesFirst).run(request("daily", AT));

    assertThat(service.bus.published(SnapshotDeleted.class))
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactlyInAnyOrder(gone.identifier(), old.identifier());
    assertThat(service.bus.published(BackupRunPlanned.class).get(0).plannedDeletions())
        .containsExactlyInAnyOrder(gone.identifier(), old.identifier());
  }

  @Test
  void aRunRestrictedToSomeDatabasesExpiresOnlyTheirSnapshotsAndOwnedFailedOnesGoToo() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    Database billing = instance("billing");
    service.fleet.databases.addAll(List.of(orders, billing));
    service.fleet.newSnapshotStatus = "available";
    Snapshot ordersOld = owned(daily, orders, DAYS_AGO_20);
    Snapshot ordersFailed = snapshotOf(daily, orders, DAYS_AGO_10, "failed");
    Snapshot billingOld = owned(daily, billing, DAYS_AGO_20);
    service.fleet.snapshots.addAll(
        List.of(
            ordersOld,
            ordersFailed,
            owned(daily, orders, YESTERDAY),
            billingOld,
            owned(daily, billing, YESTERDAY)));

    service.run.run(request(new BackupRequested("daily", AT, List.of("orders"), false)));

    assertThat(service.bus.published(SnapshotDeleted.class))
        .extracting(d -> d.snapshot().snapshotIdentifier())
        .containsExactlyInAnyOrder(ordersOld.identifier(), ordersFailed.identifier());
    assertThat(service.fleet.snapshots).contains(billingOld);
  }

  @Test
  void aDryRunChangesNothingAndReportsWhatItWouldDo() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    Database orders = instance("orders");
    service.fleet.databases.add(orders);
    Snapshot old = owned(daily, orders, DAYS_AGO_20);
    Snapshot newer = owned(daily, orders, DAYS_AGO_10);
    service.fleet.snapshots.addAll(List.of(old, newer));

    service.run.run(request(new BackupRequested("daily", AT, null, true)));

    assertThat(service.fleet.count("CreateSnapshot")).isZero();
    assertThat(service.fleet.count("DeleteSnapshot")).isZero();
    assertThat(service.state.journal).isEmpty();
    assertThat(service.bus.published())
        .singleElement()
        .satisfies(
            e -> {
              BackupRunPlanned plan = (BackupRunPlanned) e.data();
              assertThat(plan.dryRun()).isTrue();
              assertThat(plan.plannedSnapshots()).containsExactly(name(daily, orders, AT));
              assertThat(plan.plannedDeletions()).containsExactly(old.identifier());
            });
  }

  @Test
  void snapshotsStillBeingCreatedAreFollowedByOneDelayedCommandPerHundred() {
    BackupPolicy daily = aPolicy("daily").build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
    IntStream.range(0, 150)
        .forEach(i -> service.fleet.databases.add(instance(String.format("db-%03d", i))));
    EventEnvelope<BackupRequested> request = request("daily", AT);

    service.run.run(request);

    assertThat(service.bus.published(SnapshotCreated.class)).isEmpty();
    assertThat(service.bus.commands)
        .extracting(c -> ((FollowSnapshots.FollowUp) c.payload()).snapshots().size())
        .containsExactly(100, 50);
    assertThat(service.bus.commands)
        .allSatisfy(
            c -> {
              assertThat(c.name()).isEqualTo(FollowSnapshots.COMMAND);
              assertThat(c.delay()).isEqualTo(Duration.ofSeconds(15));
              assertThat(((FollowSnapshots.FollowUp) c.payload()).runId())
                  .isEqualTo(request.eventId());
            });
  }

  @Test
  void thePlanOfARunOverTenThousandDatabasesIsPublishedInPartsThatEachFitTheBus() {
    BackupPolicy fleetWide = aPolicy("fleet").noDeletion().build();
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(fleetWide);
    IntStream.range(0, 10_500)
        .forEach(
            i ->
                service.fleet.databases.add(
                    instance(String.format("a-rather-long-database-name-%05d", i))));
    service.fleet.newSnapshotStatus = "available";

    service.run.run(request("fleet", AT));

    List<BackupRunPlanned> parts = service.bus.published(BackupRunPlanned.class);
    assertThat(parts.size()).isGreaterThan(1);
    assertThat(parts).extracting(BackupRunPlanned::parts).containsOnly(parts.size());
    assertThat(parts.stream().mapToInt(p -> p.plannedSnapshots().size()).sum()).isEqualTo(10_500);
    assertThat(service.bus.published(SnapshotCreated.class)).hasSize(10_500);
    assertThat(service.bus.putEventsCalls)
        .as("created events go out ten per PutEvents")
        .filteredOn(call -> call.get(0).data() instanceof SnapshotCreated)
        .allSatisfy(call -> assertThat(call).hasSize(10));
  }

  @Test
  void aRequestNamingAnInvalidDatabaseIdentifierIsRejectedAsBadInput() {
    SnapshotServiceInMemory service = new SnapshotServiceInMemory(aPolicy("daily").build());

    assertThatThrownBy(
            () ->
                service.run.run(
                    request(new BackupRequested("daily", AT, List.of("orders; drop"), false))))
        .isInstanceOf(dev.snaplife.contracts.json.InvalidEventException.class)
        .hasMessage(
            "databaseIdentifiers: 'orders; drop' is not an RDS instance or cluster identifier");
    assertThat(service.fleet.calls).isEmpty();
  }

  /** Delegates everything to another fleet; tests override what they change. */
  static class ForwardingFleet implements RdsFleet {
    private final RdsFleet delegate;

    ForwardingFleet(RdsFleet delegate) {
      this.delegate = delegate;
    }

    @Override
    public Location location() {
      return delegate.location();
    }

    @Override
    public List<Database> databases(DatabaseKind kind) {
      return delegate.databases(kind);
    }

    @Override
    public java.util.Optional<Database> database(DatabaseKind kind, String identifier) {
      return delegate.database(kind, identifier);
    }

    @Override
    public List<Snapshot> snapshots(DatabaseKind kind) {
      return delegate.snapshots(kind);
    }

    @Override
    public List<Snapshot> snapshots(DatabaseKind kind, java.util.Collection<String> identifiers) {
      return delegate.snapshots(kind, identifiers);
    }

    @Override
    public java.util.Optional<Snapshot> snapshot(DatabaseKind kind, String identifier) {
      return delegate.snapshot(kind, identifier);
    }

    @Override
    public Map<DatabaseKind, SnapshotQuota> manualSnapshotQuotas() {
      return delegate.manualSnapshotQuotas();
    }

    @Override
    public Snapshot createSnapshot(Database database, String identifier, Map<String, String> tags) {
      return delegate.createSnapshot(database, identifier, tags);
    }

    @Override
    public boolean deleteSnapshot(Snapshot snapshot) {
      return delegate.deleteSnapshot(snapshot);
    }
  }
}
