package dev.snaplife.snapshot.domain.retention;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.cluster;
import static dev.snaplife.snapshot.testing.TestFleet.foreign;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static dev.snaplife.snapshot.testing.TestFleet.owned;
import static dev.snaplife.snapshot.testing.TestFleet.snapshot;
import static dev.snaplife.snapshot.testing.TestFleet.snapshotOf;
import static dev.snaplife.snapshot.testing.TestFleet.withTag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule.KeepLegalHold;
import dev.snaplife.retention.RetentionRule.KeepNewest;
import dev.snaplife.retention.RetentionRule.KeepNewestPerDay;
import dev.snaplife.retention.RetentionRule.KeepNewestPerMonth;
import dev.snaplife.retention.RetentionRule.KeepNewestPerWeek;
import dev.snaplife.retention.RetentionRule.KeepWithinDays;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

  private static final BackupPolicy DAILY = aPolicy("daily").build();
  private static final Database ORDERS = instance("orders-db");
  private static final Database BILLING = instance("billing-db");

  private static final List<String> KEEP_NEWEST = List.of("keep-newest");

  @Test
  void appliesKeepNewestLegalHoldAndWithinDaysAlwaysAndEachTierThePolicyAsksFor() {
    assertThat(RetentionPlan.rulesOf(new BackupPolicy.Retention(7, 0, 0, 0, true)))
        .containsExactly(new KeepNewest(), new KeepLegalHold(), new KeepWithinDays(7));
    assertThat(RetentionPlan.rulesOf(new BackupPolicy.Retention(14, 7, 4, 12, true)))
        .containsExactly(
            new KeepNewest(),
            new KeepLegalHold(),
            new KeepWithinDays(14),
            new KeepNewestPerDay(7),
            new KeepNewestPerWeek(4),
            new KeepNewestPerMonth(12));
    assertThat(RetentionPlan.rulesOf(new BackupPolicy.Retention(7, 0, 0, 6, false)))
        .containsExactly(
            new KeepNewest(),
            new KeepLegalHold(),
            new KeepWithinDays(7),
            new KeepNewestPerMonth(6));
  }

  @Test
  void considersOnlySnapshotsThePolicyMadeInItsEnvironment() {
    Snapshot ours40 = owned(DAILY, ORDERS, daysAgo(40));
    Snapshot ours30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot ours20 = owned(DAILY, ORDERS, daysAgo(20));
    Snapshot foreign = foreign(ORDERS, "manual-orders-before-migration", daysAgo(50));
    Snapshot anotherPolicys = owned(aPolicy("weekly").build(), ORDERS, daysAgo(45));
    Snapshot anotherEnvironments =
        owned(aPolicy("daily").environment("staging").build(), ORDERS, daysAgo(35));
    Snapshot anotherEnvironmentsFailed =
        snapshotOf(aPolicy("daily").environment("staging").build(), ORDERS, daysAgo(2), "failed");

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY,
            List.of(
                foreign,
                ours40,
                anotherPolicys,
                ours30,
                anotherEnvironments,
                ours20,
                anotherEnvironmentsFailed),
            null,
            NOW);

    assertThat(plan.expired()).containsExactly(ours40, ours30);
    assertThat(plan.kept()).isEqualTo(Map.of(ours20, KEEP_NEWEST));
    assertThat(plan.failed()).isEmpty();
  }

  @Test
  void keepsTheNewestOfEachDatabaseWhenAllArePastRetention() {
    Snapshot orders40 = owned(DAILY, ORDERS, daysAgo(40));
    Snapshot orders35 = owned(DAILY, ORDERS, daysAgo(35));
    Snapshot orders30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot billing50 = owned(DAILY, BILLING, daysAgo(50));
    Snapshot billing45 = owned(DAILY, BILLING, daysAgo(45));

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY, List.of(orders30, billing45, orders40, billing50, orders35), null, NOW);

    assertThat(plan.kept()).isEqualTo(Map.of(orders30, KEEP_NEWEST, billing45, KEEP_NEWEST));
    assertThat(plan.expired()).containsExactly(billing50, orders40, orders35);
  }

  @Test
  void keepsEverySnapshotWithinTheRetentionDays() {
    Snapshot today = owned(DAILY, ORDERS, NOW);
    Snapshot sixDaysAgo = owned(DAILY, ORDERS, daysAgo(6));
    Snapshot sevenDaysAgo = owned(DAILY, ORDERS, daysAgo(7));

    RetentionPlan plan =
        RetentionPlan.of(DAILY, List.of(sevenDaysAgo, today, sixDaysAgo), null, NOW);

    assertThat(plan.kept())
        .isEqualTo(
            Map.of(
                today, List.of("keep-newest", "within-7-days"),
                sixDaysAgo, List.of("within-7-days")));
    assertThat(plan.expired()).containsExactly(sevenDaysAgo);
  }

  @Test
  void expiresSnapshotsOfAClusterThePolicyNoLongerSelects() {
    BackupPolicy policy = aPolicy("daily").pattern("^orders").build();
    Database legacy = cluster("legacy-cluster", "aurora-mysql", Map.of());
    Snapshot legacy30 = owned(policy, legacy, daysAgo(30));
    Snapshot legacy20 = owned(policy, legacy, daysAgo(20));

    RetentionPlan plan = RetentionPlan.of(policy, List.of(legacy20, legacy30), null, NOW);

    assertThat(plan.expired()).containsExactly(legacy30);
    assertThat(plan.kept()).isEqualTo(Map.of(legacy20, KEEP_NEWEST));
  }

  @Test
  void expiresClusterSnapshotsOfAPolicyWhoseKindsNoLongerIncludeClusters() {
    Database cluster = cluster("orders-cluster", "aurora-mysql", Map.of());
    BackupPolicy before = aPolicy("daily").build();
    Snapshot cluster30 = owned(before, cluster, daysAgo(30));
    Snapshot cluster20 = owned(before, cluster, daysAgo(20));
    BackupPolicy now = aPolicy("daily").kinds(DatabaseKind.DB_INSTANCE).build();

    RetentionPlan plan = RetentionPlan.of(now, List.of(cluster30, cluster20), null, NOW);

    assertThat(plan.expired()).containsExactly(cluster30);
    assertThat(plan.kept()).isEqualTo(Map.of(cluster20, KEEP_NEWEST));
  }

  @Test
  void keepsTheNewestOfAnInstanceAndOfAClusterOfTheSameName() {
    Database instance = instance("orders");
    Database cluster = cluster("orders", "aurora-postgresql", Map.of());
    Snapshot instance30 = owned(DAILY, instance, daysAgo(30));
    Snapshot instance20 = owned(DAILY, instance, daysAgo(20));
    Snapshot cluster25 = owned(DAILY, cluster, daysAgo(25));
    Snapshot cluster15 = owned(DAILY, cluster, daysAgo(15));

    RetentionPlan plan =
        RetentionPlan.of(DAILY, List.of(instance30, instance20, cluster25, cluster15), null, NOW);

    assertThat(plan.kept()).isEqualTo(Map.of(instance20, KEEP_NEWEST, cluster15, KEEP_NEWEST));
    assertThat(plan.expired()).containsExactly(instance30, cluster25);
  }

  @Test
  void aRestrictedRunTouchesOnlyTheNamedDatabases() {
    Snapshot orders30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot orders20 = owned(DAILY, ORDERS, daysAgo(20));
    Snapshot ordersFailed = snapshotOf(DAILY, ORDERS, daysAgo(1), "failed");
    Snapshot billing30 = owned(DAILY, BILLING, daysAgo(30));
    Snapshot billing20 = owned(DAILY, BILLING, daysAgo(20));
    Snapshot billingFailed = snapshotOf(DAILY, BILLING, daysAgo(1), "failed");

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY,
            List.of(orders30, orders20, ordersFailed, billing30, billing20, billingFailed),
            Set.of("orders-db"),
            NOW);

    assertThat(plan.expired()).containsExactly(orders30);
    assertThat(plan.kept()).isEqualTo(Map.of(orders20, KEEP_NEWEST));
    assertThat(plan.failed()).containsExactly(ordersFailed);
  }

  @Test
  void removesOwnedSnapshotsThatFailed() {
    Snapshot orders30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot orders20 = owned(DAILY, ORDERS, daysAgo(20));
    Snapshot failed = snapshotOf(DAILY, ORDERS, daysAgo(1), "failed");
    Snapshot incompatible =
        snapshotOf(DAILY, BILLING, daysAgo(2), "incompatible-restore").withCreatedAt(daysAgo(2));
    Snapshot foreignFailed = foreignIn(ORDERS, "manual-orders-broken", "failed");

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY, List.of(orders30, failed, orders20, incompatible, foreignFailed), null, NOW);

    assertThat(plan.failed()).containsExactlyInAnyOrder(failed, incompatible);
    assertThat(plan.expired()).containsExactly(orders30);
    assertThat(plan.kept()).isEqualTo(Map.of(orders20, KEEP_NEWEST));
    assertThat(plan.toDelete()).containsExactlyInAnyOrder(orders30, failed, incompatible);
  }

  @Test
  void aFailedSnapshotIsNotTheNewest() {
    Snapshot orders30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot failed = snapshotOf(DAILY, ORDERS, daysAgo(1), "failed").withCreatedAt(daysAgo(1));

    RetentionPlan plan = RetentionPlan.of(DAILY, List.of(orders30, failed), null, NOW);

    assertThat(plan.kept()).isEqualTo(Map.of(orders30, KEEP_NEWEST));
    assertThat(plan.expired()).isEmpty();
    assertThat(plan.toDelete()).containsExactly(failed);
  }

  @Test
  void leavesSnapshotsBeingCreatedAloneAndTheAvailableOneBeforeThemNewest() {
    Snapshot orders40 = owned(DAILY, ORDERS, daysAgo(40));
    Snapshot orders30 = owned(DAILY, ORDERS, daysAgo(30));
    Snapshot creating = snapshotOf(DAILY, ORDERS, NOW, "creating");
    Snapshot creatingWithATime =
        snapshotOf(DAILY, ORDERS, daysAgo(1), "creating").withCreatedAt(daysAgo(1));

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY, List.of(orders40, creating, orders30, creatingWithATime), null, NOW);

    assertThat(plan.kept()).isEqualTo(Map.of(orders30, KEEP_NEWEST));
    assertThat(plan.expired()).containsExactly(orders40);
    assertThat(plan.failed()).isEmpty();
    assertThat(plan.toDelete()).containsExactly(orders40);
  }

  @Test
  void keepsLegalHoldsWhateverTheirAge() {
    Snapshot held = withTag(owned(DAILY, ORDERS, daysAgo(400)), SnaplifeTags.LEGAL_HOLD, "true");
    Snapshot old = owned(DAILY, ORDERS, daysAgo(300));
    Snapshot newest = owned(DAILY, ORDERS, daysAgo(200));

    RetentionPlan plan = RetentionPlan.of(DAILY, List.of(held, old, newest), null, NOW);

    assertThat(plan.kept()).isEqualTo(Map.of(newest, KEEP_NEWEST, held, List.of("legal-hold")));
    assertThat(plan.expired()).containsExactly(old);
  }

  @Test
  void namesEveryRuleThatKeptASnapshotInRuleOrder() {
    BackupPolicy policy = aPolicy("daily").retentionDays(7).keep(2, 2, 2).build();
    Snapshot nov20 = held(owned(policy, ORDERS, at("2026-11-20T00:30:00Z")));
    Snapshot nov19 = owned(policy, ORDERS, at("2026-11-19T01:00:00Z"));
    Snapshot nov18 = owned(policy, ORDERS, at("2026-11-18T01:00:00Z"));
    Snapshot nov08 = owned(policy, ORDERS, at("2026-11-08T01:00:00Z"));
    Snapshot oct31 = held(owned(policy, ORDERS, at("2026-10-31T01:00:00Z")));
    Snapshot oct10 = owned(policy, ORDERS, at("2026-10-10T01:00:00Z"));
    Snapshot sep01 = held(owned(policy, ORDERS, at("2026-09-01T01:00:00Z")));

    RetentionPlan plan =
        RetentionPlan.of(
            policy, List.of(sep01, oct10, oct31, nov08, nov18, nov19, nov20), null, NOW);

    assertThat(plan.kept())
        .isEqualTo(
            Map.of(
                nov20,
                    List.of(
                        "keep-newest",
                        "legal-hold",
                        "within-7-days",
                        "newest-of-day",
                        "newest-of-week",
                        "newest-of-month"),
                nov19, List.of("within-7-days", "newest-of-day"),
                nov18, List.of("within-7-days"),
                nov08, List.of("newest-of-week"),
                oct31, List.of("legal-hold", "newest-of-month"),
                sep01, List.of("legal-hold")));
    assertThat(plan.expired()).containsExactly(oct10);
  }

  @Test
  void listsTheExpiredOldestFirstAcrossDatabases() {
    Snapshot orders60 = owned(DAILY, ORDERS, daysAgo(60));
    Snapshot orders40 = owned(DAILY, ORDERS, daysAgo(40));
    Snapshot orders10 = owned(DAILY, ORDERS, daysAgo(10));
    Snapshot billing50 = owned(DAILY, BILLING, daysAgo(50));
    Snapshot billing40 = owned(DAILY, BILLING, daysAgo(40));
    Snapshot billing30 = owned(DAILY, BILLING, daysAgo(30));
    Snapshot billing1 = owned(DAILY, BILLING, daysAgo(1));

    RetentionPlan plan =
        RetentionPlan.of(
            DAILY,
            List.of(orders10, billing30, orders40, billing1, orders60, billing40, billing50),
            null,
            NOW);

    assertThat(plan.expired()).containsExactly(orders60, billing50, billing40, orders40, billing30);
  }

  @Test
  void plansNothingForAPolicyWithoutSnapshots() {
    RetentionPlan plan =
        RetentionPlan.of(DAILY, List.of(foreign(ORDERS, "manual", daysAgo(90))), null, NOW);

    assertThat(plan.expired()).isEmpty();
    assertThat(plan.failed()).isEmpty();
    assertThat(plan.kept()).isEmpty();
    assertThat(plan.toDelete()).isEmpty();
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Snapshot held(Snapshot snapshot) {
    return withTag(snapshot, SnaplifeTags.LEGAL_HOLD, "true");
  }

  private static Snapshot foreignIn(Database database, String id, String status) {
    return snapshot(database, id, status, null, Map.of());
  }

  @Test
  void aFailedSnapshotOnLegalHoldIsNotDeletedEither() {
    Snapshot failedHeld =
        withTag(snapshotOf(DAILY, ORDERS, daysAgo(1), "failed"), SnaplifeTags.LEGAL_HOLD, "true");
    Snapshot failed = snapshotOf(DAILY, ORDERS, daysAgo(2), "failed");

    RetentionPlan plan = RetentionPlan.of(DAILY, List.of(failedHeld, failed), null, NOW);

    assertThat(plan.failed()).containsExactly(failed);
    assertThat(plan.toDelete()).containsExactly(failed);
  }
}
