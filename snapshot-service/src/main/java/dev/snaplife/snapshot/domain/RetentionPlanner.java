package dev.snaplife.snapshot.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of a policy's snapshots have expired. Only snapshots Snaplife made under the policy are
 * candidates; of each database the newest available one is always kept, as is anything on legal
 * hold, younger than the retention days, or the newest of one of the kept days, weeks or months.
 * Snapshots still being created are neither deleted nor counted as the newest.
 */
public final class RetentionPlanner {

  private RetentionPlanner() {}

  public static List<Snapshot> expired(BackupPolicy policy, List<Snapshot> snapshots, Instant now) {
    BackupPolicy.Retention retention = policy.retention();
    Map<String, List<Snapshot>> byDatabase =
        snapshots.stream()
            .filter(s -> SnaplifeTags.ownedBy(s, policy))
            .filter(Snapshot::isAvailable)
            .filter(s -> s.createdAt() != null)
            .collect(Collectors.groupingBy(Snapshot::sourceIdentifier));
    List<Snapshot> expired = new ArrayList<>();
    byDatabase.values().forEach(list -> expired.addAll(expiredOfOneDatabase(retention, list, now)));
    expired.sort(Comparator.comparing(Snapshot::identifier));
    return expired;
  }

  private static List<Snapshot> expiredOfOneDatabase(
      BackupPolicy.Retention retention, List<Snapshot> snapshots, Instant now) {
    List<Snapshot> newestFirst =
        snapshots.stream().sorted(Comparator.comparing(Snapshot::createdAt).reversed()).toList();
    Set<Snapshot> kept = new HashSet<>();
    kept.add(newestFirst.get(0));
    Instant cutoff = now.minus(java.time.Duration.ofDays(retention.retentionDays()));
    newestFirst.stream().filter(s -> s.createdAt().isAfter(cutoff)).forEach(kept::add);
    newestFirst.stream().filter(SnaplifeTags::onLegalHold).forEach(kept::add);
    kept.addAll(newestPerPeriod(newestFirst, retention.keepDaily(), RetentionPlanner::day));
    kept.addAll(newestPerPeriod(newestFirst, retention.keepWeekly(), RetentionPlanner::week));
    kept.addAll(newestPerPeriod(newestFirst, retention.keepMonthly(), RetentionPlanner::month));
    return newestFirst.stream().filter(s -> !kept.contains(s)).toList();
  }

  /** The newest snapshot of each of the {@code count} most recent periods that have one. */
  private static Set<Snapshot> newestPerPeriod(
      List<Snapshot> newestFirst, int count, Function<Instant, Object> period) {
    Set<Object> periods = new LinkedHashSet<>();
    Set<Snapshot> kept = new HashSet<>();
    for (Snapshot snapshot : newestFirst) {
      if (periods.size() >= count) {
        break;
      }
      if (periods.add(period.apply(snapshot.createdAt()))) {
        kept.add(snapshot);
      }
    }
    return kept;
  }

  private static Object day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static Object week(Instant at) {
    LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return date.get(IsoFields.WEEK_BASED_YEAR) * 100 + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  private static Object month(Instant at) {
    return YearMonth.from(LocalDate.ofInstant(at, ZoneOffset.UTC));
  }
}
