package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.domain.Fleet.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  private static BackupPolicy retaining(
      String policy, int days, int daily, int weekly, int monthly) {
    return new PolicyBuilder(policy).retention(days, daily, weekly, monthly).build();
  }

  private static List<String> ids(List<Snapshot> snapshots) {
    return snapshots.stream().map(Snapshot::identifier).toList();
  }

  @Test
  void expiresOwnSnapshotsPastRetentionDays() {
    Snapshot fresh = owned("daily", "orders", daysAgo(1));
    Snapshot old = owned("daily", "orders", daysAgo(10));

    assertThat(RetentionPlanner.expired(retaining("daily", 7, 0, 0, 0), List.of(fresh, old), NOW))
        .containsExactly(old);
  }

  @Test
  void neverTouchesForeignSnapshotsOrAnotherPolicysOnes() {
    List<Snapshot> snapshots =
        List.of(
            foreign("orders", daysAgo(30)),
            owned("weekly", "orders", daysAgo(30)),
            owned("daily", "orders", daysAgo(1)));

    assertThat(RetentionPlanner.expired(retaining("daily", 7, 0, 0, 0), snapshots, NOW)).isEmpty();
  }

  @Test
  void alwaysKeepsTheNewestSnapshotOfADatabaseHoweverOld() {
    Snapshot newest = owned("daily", "retired-db", daysAgo(40));
    Snapshot older = owned("daily", "retired-db", daysAgo(41));

    assertThat(
            RetentionPlanner.expired(retaining("daily", 7, 0, 0, 0), List.of(newest, older), NOW))
        .containsExactly(older);
  }

  @Test
  void neverDeletesASnapshotOnLegalHold() {
    Snapshot held = withTag(owned("daily", "orders", daysAgo(50)), SnaplifeTags.LEGAL_HOLD, "true");
    Snapshot newest = owned("daily", "orders", daysAgo(1));

    assertThat(RetentionPlanner.expired(retaining("daily", 7, 0, 0, 0), List.of(held, newest), NOW))
        .isEmpty();
  }

  @Test
  void snapshotsStillBeingCreatedAreNeitherDeletedNorTheNewest() {
    Snapshot creating =
        snapshot(
            "orders",
            "snaplife-orders-new",
            "creating",
            null,
            owned("daily", "orders", NOW).tags());
    Snapshot lastGood = owned("daily", "orders", daysAgo(20));

    assertThat(
            RetentionPlanner.expired(
                retaining("daily", 7, 0, 0, 0), List.of(creating, lastGood), NOW))
        .isEmpty();
  }

  @Test
  void keepsTheNewestOfEachKeptDayWeekAndMonth() {
    List<Snapshot> snapshots = new ArrayList<>();
    // Two snapshots a day for 100 days.
    for (int day = 0; day < 100; day++) {
      snapshots.add(owned("gfs", "orders", daysAgo(day).minus(Duration.ofHours(1))));
      snapshots.add(owned("gfs", "orders", daysAgo(day).minus(Duration.ofHours(13))));
    }

    List<Snapshot> expired = RetentionPlanner.expired(retaining("gfs", 0, 7, 4, 3), snapshots, NOW);

    List<Snapshot> kept = new ArrayList<>(snapshots);
    kept.removeAll(expired);
    // 7 days, plus the newest of 4 weeks and 3 months that are not already among them.
    assertThat(kept).hasSizeBetween(10, 14);
    assertThat(ids(kept)).contains(ids(snapshots).get(0));
    assertThat(kept.stream().map(s -> s.createdAt()).min(Instant::compareTo).orElseThrow())
        .isAfter(daysAgo(100));
    assertThat(expired).hasSize(snapshots.size() - kept.size());
  }

  @Test
  void tagsOnTheDatabaseDoNotMatterOnlyTagsOnTheSnapshot() {
    Snapshot untagged =
        snapshot("orders", "snaplife-orders-lookalike", "available", daysAgo(30), Map.of());

    assertThat(RetentionPlanner.expired(retaining("daily", 7, 0, 0, 0), List.of(untagged), NOW))
        .isEmpty();
  }
}
