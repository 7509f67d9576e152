package dev.snaplife.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One reason to keep a snapshot. Retention applies every rule of a policy to the available
 * snapshots of one database (newest first); a snapshot no rule keeps has expired. Each rule has a
 * name that reports say ("kept by keep-newest, within-7-days").
 */
public sealed interface RetentionRule {

  /** A snapshot tagged with this key and the value {@code true} is never deleted. */
  String LEGAL_HOLD_TAG = "snaplife:legal-hold";

  /** What a rule looks at: when the snapshot was taken and its tags. */
  interface Retainable {
    Instant createdAt();

    Map<String, String> tags();

    default boolean onLegalHold() {
      return "true".equalsIgnoreCase(tags().getOrDefault(LEGAL_HOLD_TAG, ""));
    }
  }

  String name();

  /** The snapshots of one database (available, newest first) this rule keeps. */
  <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now);

  /**
   * The named rules of a retention: the newest and legal holds always, everything within {@code
   * retentionDays}, and the newest of as many recent days, weeks and months as asked.
   */
  static List<RetentionRule> of(int retentionDays, int keepDaily, int keepWeekly, int keepMonthly) {
    List<RetentionRule> rules = new ArrayList<>();
    rules.add(new KeepNewest());
    rules.add(new KeepLegalHold());
    rules.add(new KeepWithinDays(retentionDays));
    if (keepDaily > 0) {
      rules.add(new KeepNewestPerDay(keepDaily));
    }
    if (keepWeekly > 0) {
      rules.add(new KeepNewestPerWeek(keepWeekly));
    }
    if (keepMonthly > 0) {
      rules.add(new KeepNewestPerMonth(keepMonthly));
    }
    return List.copyOf(rules);
  }

  /** The newest available snapshot of a database is never deleted, whatever else says. */
  record KeepNewest() implements RetentionRule {
    @Override
    public String name() {
      return "keep-newest";
    }

    @Override
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
      return newestFirst.isEmpty() ? Set.of() : Set.of(newestFirst.get(0));
    }
  }

  /** A snapshot tagged {@link #LEGAL_HOLD_TAG}{@code =true} is never deleted. */
  record KeepLegalHold() implements RetentionRule {
    @Override
    public String name() {
      return "legal-hold";
    }

    @Override
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
      Set<S> kept = new HashSet<>();
      newestFirst.stream().filter(Retainable::onLegalHold).forEach(kept::add);
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
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
      Instant cutoff = now.minus(Duration.ofDays(days));
      Set<S> kept = new HashSet<>();
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
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
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
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
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
    public <S extends Retainable> Set<S> keeps(List<S> newestFirst, Instant now) {
      return newestPerPeriod(
          newestFirst, count, at -> YearMonth.from(LocalDate.ofInstant(at, ZoneOffset.UTC)));
    }
  }

  private static <S extends Retainable> Set<S> newestPerPeriod(
      List<S> newestFirst, int count, Function<Instant, Object> period) {
    Set<Object> periods = new LinkedHashSet<>();
    Set<S> kept = new HashSet<>();
    for (S snapshot : newestFirst) {
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
