package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.domain.Fleet.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupPlanTest {

  private final Database orders = instance("orders", "postgres", Map.of());
  private final BackupPolicy daily = policy("daily");

  @Test
  void snapshotsADatabaseWithoutRecentSnapshots() {
    BackupPlan plan = BackupPlan.of(daily, List.of(orders), List.of(), NOW);

    assertThat(plan.toCreate())
        .containsExactly(new BackupPlan.Planned(orders, "snaplife-orders-20261120-0100"));
  }

  @Test
  void skipsADatabaseWhoseSnapshotIsYoungerThanTheInterval() {
    Snapshot recent = owned("daily", "orders", NOW.minus(Duration.ofHours(5)));

    BackupPlan plan = BackupPlan.of(daily, List.of(orders), List.of(recent), NOW);

    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.withinInterval()).containsExactly(orders);
  }

  @Test
  void yesterdaysRunAtTheSameTimeDoesNotSkipTodaysEvenIfItFinishedLater() {
    Snapshot yesterday =
        owned("daily", "orders", NOW.minus(Duration.ofHours(24)))
            .withCreatedAt(NOW.minus(Duration.ofHours(24)).plusSeconds(40));

    assertThat(BackupPlan.of(daily, List.of(orders), List.of(yesterday), NOW).toCreate())
        .hasSize(1);
  }

  @Test
  void anotherPolicysOrForeignSnapshotsDoNotCountTowardsTheInterval() {
    List<Snapshot> others =
        List.of(
            owned("hourly", "orders", NOW.minusSeconds(60)),
            foreign("orders", NOW.minusSeconds(60)));

    assertThat(BackupPlan.of(daily, List.of(orders), others, NOW).toCreate()).hasSize(1);
  }

  @Test
  void findsTheSnapshotARedeliveredRequestAlreadyTook() {
    Snapshot taken =
        snapshot("orders", "snaplife-orders-20261120-0100", "creating", null, Map.of());

    BackupPlan plan = BackupPlan.of(daily, List.of(orders), List.of(taken), NOW);

    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.alreadyRequested()).containsExactly(new BackupPlan.Existing(orders, taken));
  }
}
