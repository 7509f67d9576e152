package dev.snaplife.snapshot.domain.retention;

import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static dev.snaplife.snapshot.testing.TestFleet.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.retention.RetentionRule;
import dev.snaplife.retention.RetentionRule.KeepLegalHold;
import dev.snaplife.retention.RetentionRule.KeepNewest;
import dev.snaplife.retention.RetentionRule.KeepNewestPerDay;
import dev.snaplife.retention.RetentionRule.KeepNewestPerMonth;
import dev.snaplife.retention.RetentionRule.KeepNewestPerWeek;
import dev.snaplife.retention.RetentionRule.KeepWithinDays;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

  private static final Database ORDERS = instance("orders-db");

  @Test
  void namesEachRuleAsReportsSayIt() {
    assertThat(
            Stream.of(
                    new KeepNewest(),
                    new KeepLegalHold(),
                    new KeepWithinDays(7),
                    new KeepWithinDays(30),
                    new KeepNewestPerDay(3),
                    new KeepNewestPerWeek(2),
                    new KeepNewestPerMonth(2))
                .map(RetentionRule::name))
        .containsExactly(
            "keep-newest",
            "legal-hold",
            "within-7-days",
            "within-30-days",
            "newest-of-day",
            "newest-of-week",
            "newest-of-month");
  }

  @Test
  void keepNewestKeepsExactlyTheNewest() {
    Snapshot newest = takenAt("2026-11-20T00:30:00Z");
    Snapshot older = takenAt("2026-11-19T00:30:00Z");
    Snapshot oldest = takenAt("2026-10-01T00:30:00Z");

    assertThat(new KeepNewest().keeps(newestFirst(oldest, newest, older), NOW))
        .containsExactly(newest);
  }

  @Test
  void keepNewestKeepsNothingOfADatabaseWithoutSnapshots() {
    assertThat(new KeepNewest().keeps(List.of(), NOW)).isEmpty();
  }

  @Test
  void keepLegalHoldKeepsExactlyTheSnapshotsTaggedTrueInAnyCase() {
    Snapshot lower = takenAt("2026-11-19T01:00:00Z", Map.of(SnaplifeTags.LEGAL_HOLD, "true"));
    Snapshot upper = takenAt("2026-11-18T01:00:00Z", Map.of(SnaplifeTags.LEGAL_HOLD, "TRUE"));
    Snapshot mixed = takenAt("2026-11-17T01:00:00Z", Map.of(SnaplifeTags.LEGAL_HOLD, "True"));
    Snapshot released = takenAt("2026-11-16T01:00:00Z", Map.of(SnaplifeTags.LEGAL_HOLD, "false"));
    Snapshot yes = takenAt("2026-11-15T01:00:00Z", Map.of(SnaplifeTags.LEGAL_HOLD, "yes"));
    Snapshot otherKey = takenAt("2026-11-14T01:00:00Z", Map.of("legal-hold", "true"));
    Snapshot untagged = takenAt("2026-11-20T01:00:00Z");

    assertThat(
            new KeepLegalHold()
                .keeps(newestFirst(lower, upper, mixed, released, yes, otherKey, untagged), NOW))
        .containsExactlyInAnyOrder(lower, upper, mixed);
  }

  @Test
  void keepWithinDaysKeepsExactlyThoseNewerThanThatManyDaysAgo() {
    Snapshot justNow = takenAt(NOW.minusSeconds(1));
    Snapshot aSecondShortOfSevenDays = takenAt(NOW.minus(Duration.ofDays(7)).plusSeconds(1));
    Snapshot exactlySevenDays = takenAt(NOW.minus(Duration.ofDays(7)));
    Snapshot eightDays = takenAt(NOW.minus(Duration.ofDays(8)));

    assertThat(
            new KeepWithinDays(7)
                .keeps(
                    newestFirst(justNow, aSecondShortOfSevenDays, exactlySevenDays, eightDays),
                    NOW))
        .containsExactlyInAnyOrder(justNow, aSecondShortOfSevenDays);
  }

  @Test
  void keepNewestPerDayKeepsTheNewestOfEachOfTheMostRecentDaysThatHaveOne() {
    Snapshot nov20Late = takenAt("2026-11-20T00:45:00Z");
    Snapshot nov20Early = takenAt("2026-11-20T00:15:00Z");
    Snapshot nov19Late = takenAt("2026-11-19T23:59:59Z");
    Snapshot nov19Early = takenAt("2026-11-19T00:00:00Z");
    // No snapshot on 18 November: that day does not count.
    Snapshot nov17 = takenAt("2026-11-17T12:00:00Z");
    Snapshot nov16 = takenAt("2026-11-16T12:00:00Z");
    Snapshot nov15 = takenAt("2026-11-15T12:00:00Z");

    assertThat(
            new KeepNewestPerDay(3)
                .keeps(
                    newestFirst(nov20Late, nov20Early, nov19Late, nov19Early, nov17, nov16, nov15),
                    NOW))
        .containsExactlyInAnyOrder(nov20Late, nov19Late, nov17);
  }

  @Test
  void keepNewestPerDayCountsDaysInUtc() {
    Snapshot justAfterMidnight = takenAt("2026-11-20T00:30:00Z");
    Snapshot justBeforeMidnight = takenAt("2026-11-19T23:30:00Z");
    Snapshot earlierThatDay = takenAt("2026-11-19T01:00:00Z");

    assertThat(
            new KeepNewestPerDay(2)
                .keeps(newestFirst(justAfterMidnight, justBeforeMidnight, earlierThatDay), NOW))
        .containsExactlyInAnyOrder(justAfterMidnight, justBeforeMidnight);
  }

  @Test
  void keepNewestPerWeekKeepsTheNewestOfEachOfTheMostRecentIsoWeeksThatHaveOne() {
    Snapshot friday47 = takenAt("2026-11-20T00:30:00Z");
    Snapshot monday47 = takenAt("2026-11-16T00:30:00Z");
    // Week 46 (9 to 15 November) has no snapshot: it does not count.
    Snapshot sunday45 = takenAt("2026-11-08T23:00:00Z");
    Snapshot monday45 = takenAt("2026-11-02T01:00:00Z");
    Snapshot saturday44 = takenAt("2026-10-31T01:00:00Z");

    assertThat(
            new KeepNewestPerWeek(2)
                .keeps(newestFirst(friday47, monday47, sunday45, monday45, saturday44), NOW))
        .containsExactlyInAnyOrder(friday47, sunday45);
  }

  @Test
  void keepNewestPerWeekKeepsOneIsoWeekAcrossTheYearBoundary() {
    Instant now = Instant.parse("2027-01-06T01:00:00Z");
    Snapshot tuesday2027w01 = takenAt("2027-01-05T01:00:00Z");
    Snapshot monday2027w01 = takenAt("2027-01-04T01:00:00Z");
    // 28 December 2026 to 3 January 2027 is one week: 2026-W53.
    Snapshot saturday2026w53 = takenAt("2027-01-02T01:00:00Z");
    Snapshot thursday2026w53 = takenAt("2026-12-31T01:00:00Z");
    Snapshot monday2026w53 = takenAt("2026-12-28T01:00:00Z");
    Snapshot sunday2026w52 = takenAt("2026-12-27T01:00:00Z");
    Snapshot monday2026w52 = takenAt("2026-12-21T01:00:00Z");

    assertThat(
            new KeepNewestPerWeek(3)
                .keeps(
                    newestFirst(
                        tuesday2027w01,
                        monday2027w01,
                        saturday2026w53,
                        thursday2026w53,
                        monday2026w53,
                        sunday2026w52,
                        monday2026w52),
                    now))
        .containsExactlyInAnyOrder(tuesday2027w01, saturday2026w53, sunday2026w52);
  }

  @Test
  void keepNewestPerMonthKeepsTheNewestOfEachOfTheMostRecentMonthsThatHaveOne() {
    Snapshot nov20 = takenAt("2026-11-20T00:30:00Z");
    Snapshot nov01 = takenAt("2026-11-01T00:00:00Z");
    // October has no snapshot: it does not count.
    Snapshot sep30 = takenAt("2026-09-30T23:59:59Z");
    Snapshot sep02 = takenAt("2026-09-02T01:00:00Z");
    Snapshot aug10 = takenAt("2026-08-10T01:00:00Z");

    assertThat(new KeepNewestPerMonth(2).keeps(newestFirst(nov20, nov01, sep30, sep02, aug10), NOW))
        .containsExactlyInAnyOrder(nov20, sep30);
  }

  @Test
  void keepNewestPerMonthTellsTheSameMonthOfTwoYearsApart() {
    Snapshot november2026 = takenAt("2026-11-20T00:30:00Z");
    Snapshot november2025 = takenAt("2025-11-20T00:30:00Z");
    Snapshot october2025 = takenAt("2025-10-20T00:30:00Z");

    assertThat(
            new KeepNewestPerMonth(2)
                .keeps(newestFirst(november2026, november2025, october2025), NOW))
        .containsExactlyInAnyOrder(november2026, november2025);
  }

  @Test
  void periodRulesKeepOnePerPeriodWhenFewerPeriodsThanTheCountHaveSnapshots() {
    Snapshot nov20 = takenAt("2026-11-20T00:30:00Z");
    Snapshot nov19 = takenAt("2026-11-19T00:30:00Z");
    Snapshot nov19Earlier = takenAt("2026-11-19T00:10:00Z");
    List<Snapshot> newestFirst = newestFirst(nov20, nov19, nov19Earlier);

    assertThat(new KeepNewestPerDay(7).keeps(newestFirst, NOW))
        .containsExactlyInAnyOrder(nov20, nov19);
    assertThat(new KeepNewestPerWeek(4).keeps(newestFirst, NOW)).containsExactly(nov20);
    assertThat(new KeepNewestPerMonth(12).keeps(newestFirst, NOW)).containsExactly(nov20);
  }

  private static List<Snapshot> newestFirst(Snapshot... snapshots) {
    return Stream.of(snapshots)
        .sorted(Comparator.comparing(Snapshot::createdAt).reversed())
        .toList();
  }

  private static Snapshot takenAt(String at) {
    return takenAt(Instant.parse(at));
  }

  private static Snapshot takenAt(Instant at) {
    return takenAt(at, Map.of());
  }

  private static Snapshot takenAt(String at, Map<String, String> tags) {
    return takenAt(Instant.parse(at), tags);
  }

  private static Snapshot takenAt(Instant at, Map<String, String> tags) {
    return snapshot(ORDERS, "orders-" + at.getEpochSecond(), "available", at, tags);
  }
}
