package dev.snaplife.cli.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An EventBridge Scheduler schedule expression as a next-firing-time calculator, with the semantics
 * of the emulator launcher's {@code schedule_expressions.py}:
 *
 * <ul>
 *   <li>{@code rate(N minute|minutes|hour|hours|day|days)}: every N units from an anchor (the
 *       schedule's start date, else its creation time), the first firing one period after it.
 *   <li>{@code cron(minutes hours day-of-month month day-of-week year)}, AWS's six fields,
 *       evaluated in the schedule's time zone: {@code * ?}, lists, ranges, steps ({@code *}/n, a/n,
 *       a-b/n), JAN-DEC, SUN-SAT or 1-7 with 1 = Sunday, {@code L} (last day of the month) in
 *       day-of-month, {@code nL} (last such weekday of the month) and {@code n#k} (k-th such
 *       weekday) in day-of-week. When both day fields are restricted a day matching either fires. A
 *       local time skipped when clocks go forward fires at the same instant as the hour after; a
 *       local time repeated when they go back fires once, at the first.
 *   <li>{@code at(yyyy-mm-ddThh:mm:ss)}: once, at that local time in the schedule's time zone.
 * </ul>
 */
public sealed interface ScheduleExpression
    permits ScheduleExpression.Rate, ScheduleExpression.Cron, ScheduleExpression.At {

  /** The first firing strictly after the instant; empty when there is none. */
  Optional<Instant> nextAfter(Instant after);

  /**
   * The calculator of an expression.
   *
   * @param timezone an IANA zone; null for UTC
   * @param anchor where a rate counts from; may be null for other expressions
   * @throws IllegalArgumentException naming what is wrong with the expression
   */
  static ScheduleExpression parse(
      String expression, @Nullable String timezone, @Nullable Instant anchor) {
    Matcher m = Pattern.compile("(rate|cron|at)\\((.*)\\)").matcher(expression.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported schedule expression '" + expression + "'");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + timezone + "'");
    }
    String body = m.group(2).strip();
    return switch (m.group(1)) {
      case "rate" -> {
        if (anchor == null) {
          throw new IllegalArgumentException("rate() needs an anchor (a start or creation date)");
        }
        yield Rate.of(body, anchor);
      }
      case "at" -> At.of(body, zone);
      default -> Cron.of(body, zone);
    };
  }

  /** Every {@code period} from {@code anchor}, the first one period after it. */
  record Rate(Duration period, Instant anchor) implements ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("(\\d+)\\s+(minute|hour|day)s?");

    static Rate of(String body, Instant anchor) {
      Matcher m = RATE.matcher(body);
      if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
        throw new IllegalArgumentException("invalid rate(" + body + ")");
      }
      ChronoUnit unit =
          switch (m.group(2)) {
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
          };
      return new Rate(
          Duration.of(Long.parseLong(m.group(1)), unit), anchor.truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      long elapsed = Duration.between(anchor, after).toNanos();
      long periods = Math.max(1, Math.floorDiv(elapsed, period.toNanos()) + 1);
      return Optional.of(anchor.plus(period.multipliedBy(periods)));
    }
  }

  /** Once, at a local time. */
  record At(Instant when) implements ScheduleExpression {

    static At of(String body, ZoneId zone) {
      try {
        return new At(ZonedDateTime.of(LocalDateTime.parse(body), zone).toInstant());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid at(" + body + ")");
      }
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return when.isAfter(after) ? Optional.of(when) : Optional.empty();
    }
  }

  /** AWS's six-field cron, in a time zone. */
  final class Cron implements ScheduleExpression {

    static final int LAST_YEAR = 2199;
    private static final Map<String, Integer> MONTHS =
        names("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final Map<String, Integer> WEEKDAYS =
        names("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final ZoneId zone;
    private final List<Integer> minutes;
    private final List<Integer> hours;
    private final List<Integer> months;
    private final List<Integer> years;
    private final Predicate<LocalDate> day;

    private Cron(
        ZoneId zone,
        List<Integer> minutes,
        List<Integer> hours,
        List<Integer> months,
        List<Integer> years,
        Predicate<LocalDate> day) {
      this.zone = zone;
      this.minutes = minutes;
      this.hours = hours;
      this.months = months;
      this.years = years;
      this.day = day;
    }

    static Cron of(String body, ZoneId zone) {
      String[] f = body.split("\\s+");
      if (f.length != 6) {
        throw new IllegalArgumentException(
            "cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got "
                + f.length
                + ": '"
                + body
                + "'");
      }
      Predicate<LocalDate> byMonthDay = dayOfMonth(f[2]);
      Predicate<LocalDate> byWeekday = dayOfWeek(f[4].toUpperCase(Locale.ROOT));
      Predicate<LocalDate> day;
      if (byMonthDay != null && byWeekday != null) {
        day = byMonthDay.or(byWeekday);
      } else if (byMonthDay != null) {
        day = byMonthDay;
      } else if (byWeekday != null) {
        day = byWeekday;
      } else {
        day = d -> true;
      }
      return new Cron(
          zone,
          values(f[0], 0, 59, Map.of()),
          values(f[1], 0, 23, Map.of()),
          values(f[3].toUpperCase(Locale.ROOT), 1, 12, MONTHS),
          values(f[5], 1970, LAST_YEAR, Map.of()),
          day);
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      // A day before the local date, so no change of offset can skip a firing.
      LocalDate first = after.atZone(zone).toLocalDate().minusDays(1);
      for (int year : years) {
        if (year < first.getYear()) {
          continue;
        }
        for (int month : months) {
          if (year == first.getYear() && month < first.getMonthValue()) {
            continue;
          }
          int length = LocalDate.of(year, month, 1).lengthOfMonth();
          for (int d = 1; d <= length; d++) {
            LocalDate date = LocalDate.of(year, month, d);
            if (date.isBefore(first) || !day.test(date)) {
              continue;
            }
            for (int hour : hours) {
              for (int minute : minutes) {
                Instant at = ZonedDateTime.of(date.atTime(hour, minute), zone).toInstant();
                if (at.isAfter(after)) {
                  return Optional.of(at);
                }
              }
            }
          }
        }
      }
      return Optional.empty();
    }

    /** 1 = Sunday ... 7 = Saturday. */
    static int awsWeekday(LocalDate date) {
      return date.getDayOfWeek().getValue() % 7 + 1;
    }

    private static @Nullable Predicate<LocalDate> dayOfMonth(String field) {
      if (field.equals("*") || field.equals("?")) {
        return null;
      }
      if (field.equalsIgnoreCase("L")) {
        return d -> d.getDayOfMonth() == d.lengthOfMonth();
      }
      if (field.toUpperCase(Locale.ROOT).contains("W")) {
        throw new IllegalArgumentException("W in day-of-month is not supported");
      }
      List<Integer> days = values(field, 1, 31, Map.of());
      return d -> days.contains(d.getDayOfMonth());
    }

    private static @Nullable Predicate<LocalDate> dayOfWeek(String field) {
      if (field.equals("*") || field.equals("?")) {
        return null;
      }
      String upper = field.equals("L") ? "7" : field; // alone, L means Saturday
      Matcher nth = Pattern.compile("(\\w+)#([1-5])").matcher(upper);
      if (nth.matches()) {
        int weekday = number(nth.group(1), 1, 7, WEEKDAYS);
        int k = Integer.parseInt(nth.group(2));
        return d -> awsWeekday(d) == weekday && (d.getDayOfMonth() - 1) / 7 + 1 == k;
      }
      Matcher last = Pattern.compile("(\\w+?)L").matcher(upper);
      if (last.matches()) {
        int weekday = number(last.group(1), 1, 7, WEEKDAYS);
        return d -> awsWeekday(d) == weekday && d.getDayOfMonth() + 7 > d.lengthOfMonth();
      }
      List<Integer> days = values(upper, 1, 7, WEEKDAYS);
      return d -> days.contains(awsWeekday(d));
    }

    /** The sorted numbers a plain field (no L, W, #) allows. */
    private static List<Integer> values(
        String field, int low, int high, Map<String, Integer> names) {
      TreeSet<Integer> values = new TreeSet<>();
      for (String part : field.split(",", -1)) {
        if (part.isEmpty()) {
          throw new IllegalArgumentException("invalid field '" + field + "'");
        }
        int step = 1;
        int slash = part.indexOf('/');
        if (slash >= 0) {
          String stepText = part.substring(slash + 1);
          if (!stepText.matches("[0-9]+") || Integer.parseInt(stepText) < 1) {
            throw new IllegalArgumentException("invalid step in '" + field + "'");
          }
          step = Integer.parseInt(stepText);
          part = part.substring(0, slash);
        }
        int start;
        int end;
        if (part.equals("*") || part.equals("?")) {
          start = low;
          end = high;
        } else if (part.contains("-")) {
          int dash = part.indexOf('-');
          start = number(part.substring(0, dash), low, high, names);
          end = number(part.substring(dash + 1), low, high, names);
          if (end < start) {
            throw new IllegalArgumentException("invalid range in '" + field + "'");
          }
        } else {
          start = number(part, low, high, names);
          end = step > 1 ? high : start;
        }
        for (int v = start; v <= end; v += step) {
          values.add(v);
        }
      }
      return List.copyOf(values);
    }

    private static int number(String token, int low, int high, Map<String, Integer> names) {
      Integer value = names.get(token.toUpperCase(Locale.ROOT));
      if (value == null) {
        if (!token.matches("[0-9]{1,4}")) {
          throw new IllegalArgumentException("invalid value '" + token + "'");
        }
        value = Integer.parseInt(token);
      }
      if (value < low || value > high) {
        throw new IllegalArgumentException("value " + token + " outside " + low + "-" + high);
      }
      return value;
    }

    private static Map<String, Integer> names(String... names) {
      Map<String, Integer> map = new java.util.HashMap<>();
      for (int i = 0; i < names.length; i++) {
        map.put(names[i], i + 1);
      }
      return Map.copyOf(map);
    }
  }
}
