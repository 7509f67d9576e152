package dev.snaplife.snapshot.domain.retention;

import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One reason to keep a snapshot. Retention applies every rule of a policy to the available
 * snapshots of one database (newest first); a snapshot no rule keeps has expired. Each rule has a
 * name that reports say ("kept by keep-newest, within-7-days").
 */
public sealed interface RetentionRule {

  String name();

  /** The snapshots of one database (available, newest first) this rule keeps. */
  Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now);

  /** The newest available snapshot of a database is never deleted, whatever else says. */
  record KeepNewest() implements RetentionRule {
    @Override
    public String name() {
      return "keep-newest";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      return newestFirst.isEmpty() ? Set.of() : Set.of(newestFirst.get(0));
    }
  }

  /** A snapshot tagged {@code snaplife:legal-hold=true} is never deleted. */
  record KeepLegalHold() implements RetentionRule {
    @Override
    public String name() {
      return "legal-hold";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      Set<Snapshot> kept = new HashSet<>();
      newestFirst.stream().filter(SnaplifeTags::onLegalHold).forEach(kept::add);
      return kept;
    }
  }

  /** Everything taken within the last {@code days} days [RetentionDays]. */
  record KeepWithinDays(int days) implements RetentionRule {
    @Override
    public String name() {
      return "within-" + days + "-days";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      Instant cutoff = now.minus(Duration.ofDays(days));
      Set<Snapshot> kept = new HashSet<>();
      newestFirst.stream().filter(s -> s.createdAt().isAfter(cutoff)).forEach(kept::add);
      return kept;
    }
  }

  /** The newest snapshot of each of the {@code count} most recent days that have one (UTC). */
  record KeepNewestPerDay(int count) implements RetentionRule {
    @Override
    public String name() {
      return "newest-of-day";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      return newestPerPeriod(newestFirst, count, at -> LocalDate.ofInstant(at, ZoneOffset.UTC));
    }
  }

  /** The newest snapshot of each of the {@code count} most recent ISO weeks that have one. */
  record KeepNewestPerWeek(int count) implements RetentionRule {
    @Override
    public String name() {
      return "newest-of-week";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      return newestPerPeriod(
          newestFirst,
          count,
          at -> {
            LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return date.get(IsoFields.WEEK_BASED_YEAR) * 100
                + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
          });
    }
  }

  /** The newest snapshot of each of the {@code count} most recent months that have one (UTC). */
  record KeepNewestPerMonth(int count) implements RetentionRule {
    @Override
    public String name() {
      return "newest-of-month";
    }

    @Override
    public Set<Snapshot> keeps(List<Snapshot> newestFirst, Instant now) {
      return newestPerPeriod(
          newestFirst, count, at -> YearMonth.from(LocalDate.ofInstant(at, ZoneOffset.UTC)));
    }
  }

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
}
