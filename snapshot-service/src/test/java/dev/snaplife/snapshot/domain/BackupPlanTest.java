package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.auroraMember;
import static dev.snaplife.snapshot.testing.TestFleet.cluster;
import static dev.snaplife.snapshot.testing.TestFleet.foreign;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static dev.snaplife.snapshot.testing.TestFleet.owned;
import static dev.snaplife.snapshot.testing.TestFleet.snapshot;
import static dev.snaplife.snapshot.testing.TestFleet.snapshotOf;
import static dev.snaplife.snapshot.testing.TestFleet.withTag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.BackupPlan.Existing;
import dev.snaplife.snapshot.domain.BackupPlan.Planned;
import dev.snaplife.snapshot.domain.BackupPlan.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackupPlanTest {

  private static final BackupPolicy DAILY = aPolicy("daily").build();
  private static final Database ORDERS = instance("orders-db");
  private static final Database BILLING = instance("billing-db");
  private static final String ORDERS_NOW = "snaplife-orders-db-20261120-0100-" + DAILY.ownerKey();

  @Test
  void plansASnapshotWithTheDeterministicNameForADatabaseWithoutOne() {
    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)), List.of(), List.of(), List.of()));
  }

  @Test
  void plansEverySelectedDatabaseUnderItsOwnName() {
    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS, BILLING), null, List.of(), NOW);

    assertThat(plan.toCreate())
        .containsExactlyInAnyOrder(
            new Planned(ORDERS, ORDERS_NOW),
            new Planned(BILLING, "snaplife-billing-db-20261120-0100-" + DAILY.ownerKey()));
  }

  @Test
  void leavesADatabaseThePolicyDoesNotSelectOutOfThePlanWithoutRefusingIt() {
    BackupPolicy policy = aPolicy("daily").pattern("^orders").build();

    BackupPlan plan = BackupPlan.of(policy, List.of(ORDERS, BILLING), null, List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)), List.of(), List.of(), List.of()));
  }

  @Test
  void plansTheAuroraClusterNotItsMembers() {
    Database cluster = cluster("orders-cluster", "aurora-mysql", Map.of());
    List<Database> candidates =
        List.of(
            cluster,
            auroraMember("orders-cluster-1", "orders-cluster"),
            auroraMember("orders-cluster-2", "orders-cluster"));

    BackupPlan plan = BackupPlan.of(DAILY, candidates, null, List.of(), NOW);

    assertThat(plan.toCreate())
        .containsExactly(
            new Planned(cluster, "snaplife-orders-cluster-20261120-0100-" + DAILY.ownerKey()));
    assertThat(plan.refused()).isEmpty();
  }

  @Test
  void skipsADatabaseWhoseNewestOwnedSnapshotIsYoungerThanTheInterval() {
    Snapshot twentyThreeHoursOld = owned(DAILY, ORDERS, NOW.minus(Duration.ofHours(23)));

    BackupPlan plan =
        BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(twentyThreeHoursOld), NOW);

    assertThat(plan).isEqualTo(new BackupPlan(List.of(), List.of(), List.of(ORDERS), List.of()));
  }

  @Test
  void plansADatabaseWhoseNewestOwnedSnapshotIsAsOldAsTheInterval() {
    Snapshot yesterday = owned(DAILY, ORDERS, NOW.minus(Duration.ofHours(24)));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(yesterday), NOW);

    assertThat(plan.toCreate()).containsExactly(new Planned(ORDERS, ORDERS_NOW));
    assertThat(plan.withinInterval()).isEmpty();
  }

  @Test
  void judgesYesterdaysSnapshotByItsScheduledTimeNotByWhenRdsFinishedIt() {
    Instant yesterday = NOW.minus(Duration.ofHours(24));
    Snapshot finishedLate =
        owned(DAILY, ORDERS, yesterday).withCreatedAt(yesterday.plusSeconds(40));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(finishedLate), NOW);

    assertThat(plan.toCreate()).containsExactly(new Planned(ORDERS, ORDERS_NOW));
    assertThat(plan.withinInterval()).isEmpty();
  }

  @Test
  void judgesASnapshotWithoutAScheduledTimeByItsCreationTime() {
    Snapshot twoHoursOld =
        ownedWithoutScheduledTime(ORDERS, "available", NOW.minus(Duration.ofHours(2)));
    Snapshot dayAndHourOld =
        ownedWithoutScheduledTime(BILLING, "available", NOW.minus(Duration.ofHours(25)));

    BackupPlan plan =
        BackupPlan.of(
            DAILY, List.of(ORDERS, BILLING), null, List.of(twoHoursOld, dayAndHourOld), NOW);

    assertThat(plan.withinInterval()).containsExactly(ORDERS);
    assertThat(plan.toCreate())
        .containsExactly(
            new Planned(BILLING, "snaplife-billing-db-20261120-0100-" + DAILY.ownerKey()));
  }

  @Test
  void judgesASnapshotWithAnUnreadableScheduledTimeByItsCreationTime() {
    Snapshot twoHoursOld =
        withTag(
            owned(DAILY, ORDERS, NOW.minus(Duration.ofDays(3)))
                .withCreatedAt(NOW.minus(Duration.ofHours(2))),
            SnaplifeTags.SCHEDULED_TIME,
            "last tuesday");

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(twoHoursOld), NOW);

    assertThat(plan.withinInterval()).containsExactly(ORDERS);
    assertThat(plan.toCreate()).isEmpty();
  }

  @Test
  void countsASnapshotStillBeingCreatedAsFresh() {
    Snapshot creating = snapshotOf(DAILY, ORDERS, NOW.minus(Duration.ofHours(1)), "creating");

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(creating), NOW);

    assertThat(plan).isEqualTo(new BackupPlan(List.of(), List.of(), List.of(ORDERS), List.of()));
  }

  @Test
  void countsASnapshotBeingCreatedWithoutAnyTimeAsFresh() {
    Snapshot creating = ownedWithoutScheduledTime(ORDERS, "creating", null);

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(creating), NOW);

    assertThat(plan).isEqualTo(new BackupPlan(List.of(), List.of(), List.of(ORDERS), List.of()));
  }

  @Test
  void doesNotCountAFailedSnapshotAsFresh() {
    Snapshot failed =
        snapshotOf(DAILY, ORDERS, NOW.minus(Duration.ofHours(1)), "failed")
            .withCreatedAt(NOW.minus(Duration.ofHours(1)));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(failed), NOW);

    assertThat(plan.toCreate()).containsExactly(new Planned(ORDERS, ORDERS_NOW));
    assertThat(plan.withinInterval()).isEmpty();
  }

  @Test
  void isNotHeldBackByRecentSnapshotsItDoesNotOwn() {
    Instant anHourAgo = NOW.minus(Duration.ofHours(1));
    List<Snapshot> recent =
        List.of(
            owned(aPolicy("compliance").build(), ORDERS, anHourAgo),
            owned(aPolicy("daily").environment("staging").build(), ORDERS, anHourAgo),
            foreign(ORDERS, "manual-orders-before-migration", anHourAgo));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, recent, NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)), List.of(), List.of(), List.of()));
  }

  @Test
  void findsThisRunsSnapshotWhenTheRequestIsRedelivered() {
    Snapshot requestedEarlier = snapshotOf(DAILY, ORDERS, NOW, "creating");

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(requestedEarlier), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(), List.of(new Existing(ORDERS, requestedEarlier)), List.of(), List.of()));
  }

  @Test
  void findsThisRunsSnapshotAlreadyAvailableWhenTheRequestIsRedelivered() {
    Snapshot takenEarlier = owned(DAILY, ORDERS, NOW);

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(takenEarlier), NOW);

    assertThat(plan.alreadyRequested()).containsExactly(new Existing(ORDERS, takenEarlier));
    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.withinInterval()).isEmpty();
  }

  @Test
  void refusesOurNameTakenByASnapshotOfAnotherPolicy() {
    Snapshot squatter =
        snapshot(ORDERS, ORDERS_NOW, "available", NOW, tagsOf(aPolicy("compliance").build()));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(squatter), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(notOwned(ORDERS, "policy 'compliance' of environment 'snaplife'"))));
  }

  @Test
  void refusesOurNameTakenByASnapshotOfTheSamePolicyInAnotherEnvironment() {
    Snapshot squatter =
        snapshot(
            ORDERS,
            ORDERS_NOW,
            "available",
            NOW,
            tagsOf(aPolicy("daily").environment("staging").build()));

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(squatter), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(notOwned(ORDERS, "policy 'daily' of environment 'staging'"))));
  }

  @Test
  void refusesOurNameTakenByASnapshotWithoutSnaplifeTags() {
    Snapshot squatter = foreign(ORDERS, ORDERS_NOW, NOW);

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(squatter), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(notOwned(ORDERS, "someone else (it has no CreatedBy=Snaplife tag)"))));
  }

  @Test
  void refusesOurNameTakenByAnotherEvenWhenOurOwnSnapshotIsFresh() {
    Snapshot ours = owned(DAILY, ORDERS, NOW.minus(Duration.ofHours(2)));
    Snapshot squatter = foreign(ORDERS, ORDERS_NOW, NOW);

    BackupPlan plan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(ours, squatter), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(notOwned(ORDERS, "someone else (it has no CreatedBy=Snaplife tag)"))));
  }

  @Test
  void twoPoliciesSelectingOneDatabaseInTheSameMinuteEachPlanTheirOwnSnapshot() {
    BackupPolicy compliance = aPolicy("compliance").build();

    BackupPlan dailyPlan = BackupPlan.of(DAILY, List.of(ORDERS), null, List.of(), NOW);
    BackupPlan compliancePlan = BackupPlan.of(compliance, List.of(ORDERS), null, List.of(), NOW);

    assertThat(dailyPlan.toCreate()).containsExactly(new Planned(ORDERS, ORDERS_NOW));
    assertThat(compliancePlan.toCreate())
        .containsExactly(
            new Planned(ORDERS, "snaplife-orders-db-20261120-0100-" + compliance.ownerKey()));
    assertThat(compliance.ownerKey()).isNotEqualTo(DAILY.ownerKey());
  }

  @Test
  void aSecondPolicyInTheSameMinutePlansItsOwnSnapshotBesideTheFirstPolicys() {
    BackupPolicy compliance = aPolicy("compliance").build();
    Snapshot dailyTookItsOwn = snapshotOf(DAILY, ORDERS, NOW, "creating");

    BackupPlan plan =
        BackupPlan.of(compliance, List.of(ORDERS), null, List.of(dailyTookItsOwn), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(
                    new Planned(
                        ORDERS, "snaplife-orders-db-20261120-0100-" + compliance.ownerKey())),
                List.of(),
                List.of(),
                List.of()));
  }

  @Test
  void refusesADatabaseListedByThePolicyThatDoesNotExist() {
    BackupPolicy policy = aPolicy("daily").identifiers("orders-db", "ghost-db").build();

    BackupPlan plan = BackupPlan.of(policy, List.of(ORDERS), null, List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)),
                List.of(),
                List.of(),
                List.of(
                    new Refused(
                        null,
                        DatabaseKind.DB_INSTANCE,
                        "ghost-db",
                        null,
                        "database ghost-db is listed in the identifiers of policy 'daily' but no DB"
                            + " instance or DB cluster of that name exists; it is not backed up",
                        BackupPlan.NOT_FOUND))));
  }

  @Test
  void refusesAListedClusterThatDoesNotExistAsAMissingCluster() {
    BackupPolicy policy =
        aPolicy("clusters").kinds(DatabaseKind.DB_CLUSTER).identifiers("ghost-cluster").build();

    BackupPlan plan = BackupPlan.of(policy, List.of(), null, List.of(), NOW);

    assertThat(plan.refused())
        .containsExactly(
            new Refused(
                null,
                DatabaseKind.DB_CLUSTER,
                "ghost-cluster",
                null,
                "database ghost-cluster is listed in the identifiers of policy 'clusters' but no DB"
                    + " cluster of that name exists; it is not backed up",
                BackupPlan.NOT_FOUND));
  }

  @Test
  void aRestrictedRunPlansOnlyTheNamedDatabases() {
    Database users = instance("users-db");

    BackupPlan plan =
        BackupPlan.of(
            DAILY,
            List.of(ORDERS, BILLING, users),
            Set.of("orders-db", "users-db"),
            List.of(),
            NOW);

    assertThat(plan.toCreate())
        .containsExactlyInAnyOrder(
            new Planned(ORDERS, ORDERS_NOW),
            new Planned(users, "snaplife-users-db-20261120-0100-" + DAILY.ownerKey()));
    assertThat(plan.refused()).isEmpty();
  }

  @Test
  void aRestrictedRunRefusesANamedDatabaseThePolicyDoesNotSelect() {
    BackupPolicy policy = aPolicy("daily").pattern("^orders").build();

    BackupPlan plan =
        BackupPlan.of(
            policy, List.of(ORDERS, BILLING), Set.of("orders-db", "billing-db"), List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)),
                List.of(),
                List.of(),
                List.of(
                    new Refused(
                        null,
                        DatabaseKind.DB_INSTANCE,
                        "billing-db",
                        null,
                        "database billing-db was requested for policy 'daily' but the policy does"
                            + " not select it (its tags, engines, kinds or exclusions, or it is an"
                            + " Aurora member backed up with its cluster); it is not backed up",
                        BackupPlan.NOT_SELECTED))));
  }

  @Test
  void aRestrictedRunRefusesANamedDatabaseThatDoesNotExist() {
    BackupPlan plan =
        BackupPlan.of(DAILY, List.of(ORDERS), Set.of("orders-db", "ghost-db"), List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)),
                List.of(),
                List.of(),
                List.of(
                    new Refused(
                        null,
                        DatabaseKind.DB_INSTANCE,
                        "ghost-db",
                        null,
                        "database ghost-db was requested for policy 'daily' but no DB instance or"
                            + " DB cluster of that name exists; it is not backed up",
                        BackupPlan.NOT_FOUND))));
  }

  @Test
  void aRestrictedRunRefusesANamedAuroraMemberAsNotSelected() {
    Database member = auroraMember("orders-cluster-1", "orders-cluster");

    BackupPlan plan =
        BackupPlan.of(DAILY, List.of(member), Set.of("orders-cluster-1"), List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(
                    new Refused(
                        null,
                        DatabaseKind.DB_INSTANCE,
                        "orders-cluster-1",
                        null,
                        "database orders-cluster-1 was requested for policy 'daily' but the policy"
                            + " does not select it (its tags, engines, kinds or exclusions, or it is"
                            + " an Aurora member backed up with its cluster); it is not backed up",
                        BackupPlan.NOT_SELECTED))));
  }

  @Test
  void aRestrictedRunRefusesAListedDatabaseThatDoesNotExistOnce() {
    BackupPolicy policy = aPolicy("daily").identifiers("orders-db", "ghost-db").build();

    BackupPlan plan = BackupPlan.of(policy, List.of(ORDERS), Set.of("ghost-db"), List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(),
                List.of(),
                List.of(),
                List.of(
                    new Refused(
                        null,
                        DatabaseKind.DB_INSTANCE,
                        "ghost-db",
                        null,
                        "database ghost-db is listed in the identifiers of policy 'daily' but no DB"
                            + " instance or DB cluster of that name exists; it is not backed up",
                        BackupPlan.NOT_FOUND))));
  }

  @Test
  void aRestrictedRunDoesNotRefuseListedDatabasesItWasNotAskedAbout() {
    BackupPolicy policy = aPolicy("daily").identifiers("orders-db", "ghost-db").build();

    BackupPlan plan = BackupPlan.of(policy, List.of(ORDERS), Set.of("orders-db"), List.of(), NOW);

    assertThat(plan)
        .isEqualTo(
            new BackupPlan(
                List.of(new Planned(ORDERS, ORDERS_NOW)), List.of(), List.of(), List.of()));
  }

  private static Refused notOwned(Database database, String owner) {
    return new Refused(
        database,
        database.kind(),
        database.identifier(),
        ORDERS_NOW,
        "snapshot "
            + ORDERS_NOW
            + " already exists and belongs to "
            + owner
            + ", not to policy 'daily' of environment 'snaplife'; it is not adopted, and this"
            + " database gets no snapshot from this run",
        BackupPlan.NOT_OWNED);
  }

  private static Map<String, String> tagsOf(BackupPolicy policy) {
    return SnaplifeTags.forNewSnapshot(policy, UUID.randomUUID(), UUID.randomUUID(), NOW);
  }

  /** A snapshot the daily policy owns that carries no scheduled-time tag (an older release's). */
  private static Snapshot ownedWithoutScheduledTime(
      Database database, String status, Instant createdAt) {
    Map<String, String> tags = new HashMap<>(tagsOf(DAILY));
    tags.remove(SnaplifeTags.SCHEDULED_TIME);
    return snapshot(
        database, "snaplife-" + database.identifier() + "-legacy", status, createdAt, tags);
  }

  @Test
  void aListedDatabaseThatExistsButIsNotSelectedIsRefusedNotSilentlySkipped() {
    BackupPolicy policy =
        aPolicy("daily").identifiers("orders-db").tags(Map.of("backup", "true")).build();

    BackupPlan plan = BackupPlan.of(policy, List.of(ORDERS), null, List.of(), NOW);

    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.databaseIdentifier()).isEqualTo("orders-db");
              assertThat(r.errorCode()).isEqualTo(BackupPlan.NOT_SELECTED);
              assertThat(r.reason())
                  .startsWith(
                      "database orders-db is listed in the identifiers of policy 'daily' but the"
                          + " policy does not select it");
            });
  }

  @Test
  void aSnapshotStillBeingCreatedCountsAsFreshWhateverItsScheduledTime() {
    BackupPolicy hourly = aPolicy("hourly").interval(java.time.Duration.ofHours(1)).build();
    Snapshot slow =
        dev.snaplife.snapshot.testing.TestFleet.snapshotOf(
            hourly, ORDERS, NOW.minus(java.time.Duration.ofHours(1)), "creating");

    BackupPlan plan = BackupPlan.of(hourly, List.of(ORDERS), null, List.of(slow), NOW);

    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.withinInterval()).containsExactly(ORDERS);
  }
}
