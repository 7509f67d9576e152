package dev.snaplife.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The next firing of EventBridge Scheduler expressions, with the semantics of the emulator
 * launcher's {@code schedule_expressions.py} (the expected instants were cross-checked with it).
 */
class ScheduleExpressionTest {

  private static final Instant ANCHOR = Instant.parse("2026-12-06T10:00:00Z");

  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource({
    "rate(5 minutes), 2026-12-06T10:07:00Z, 2026-12-06T10:10:00Z",
    "rate(5 minutes), 2026-12-06T10:10:00Z, 2026-12-06T10:15:00Z",
    "rate(5 minutes), 2026-12-06T09:00:00Z, 2026-12-06T10:05:00Z",
    "rate(1 hour),    2026-12-06T10:00:00Z, 2026-12-06T11:00:00Z",
    "rate(2 days),    2026-12-09T00:00:00Z, 2026-12-10T10:00:00Z",
  })
  void aRateFiresEveryPeriodCountedFromItsAnchor(String rate, Instant after, Instant next) {
    assertThat(ScheduleExpression.parse(rate, null, ANCHOR).nextAfter(after)).contains(next);
  }

  @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
  @CsvSource({
    "cron(0 2 * * ? *),        UTC,              2026-12-06T14:24:36Z, 2026-12-07T02:00:00Z",
    "cron(30 1 1 * ? *),       UTC,              2026-12-06T14:24:36Z, 2027-01-01T01:30:00Z",
    "cron(0/15 * * * ? *),     UTC,              2026-12-06T14:24:36Z, 2026-12-06T14:30:00Z",
    "cron(0 2 * * ? *),        UTC,              2026-12-07T02:00:00Z, 2026-12-08T02:00:00Z",
    "cron(0 9 ? * MON-FRI *),  UTC,              2026-12-05T10:00:00Z, 2026-12-07T09:00:00Z",
    "cron(0 9 ? * 2-6 *),      UTC,              2026-12-05T10:00:00Z, 2026-12-07T09:00:00Z",
    "cron(0 0 L * ? *),        UTC,              2027-02-03T00:00:00Z, 2027-02-28T00:00:00Z",
    "cron(0 12 ? * 6L *),      UTC,              2026-12-06T00:00:00Z, 2026-12-25T12:00:00Z",
    "cron(0 12 ? * MON#1 *),   UTC,              2026-12-06T00:00:00Z, 2026-12-07T12:00:00Z",
    "cron(0 8 1 * MON *),      UTC,              2026-12-02T00:00:00Z, 2026-12-07T08:00:00Z",
    "'cron(0 6 1,15 JAN-MAR ? 2027)', UTC, 2026-12-06T00:00:00Z, 2027-01-01T06:00:00Z",
    "cron(0 2 * * ? *),        Europe/Berlin,    2026-12-06T14:24:36Z, 2026-12-07T01:00:00Z",
    "cron(0 2 * * ? *),        Europe/Berlin,    2027-07-01T12:00:00Z, 2027-07-02T00:00:00Z",
    // 02:30 does not exist in New York on 2027-03-14: it fires with 03:30 EDT.
    "cron(30 2 * * ? *),       America/New_York, 2027-03-14T05:00:00Z, 2027-03-14T07:30:00Z",
    // 01:30 happens twice in New York on 2026-11-01: it fires once, at the first.
    "cron(30 1 * * ? *),       America/New_York, 2026-11-01T00:00:00Z, 2026-11-01T05:30:00Z",
    "cron(30 1 * * ? *),       America/New_York, 2026-11-01T05:30:00Z, 2026-11-02T06:30:00Z",
    "at(2027-01-01T00:00:00),  Europe/Berlin,    2026-11-01T05:30:00Z, 2026-12-31T23:00:00Z",
  })
  void aCronOrAtFiresAtTheNextMatchingLocalTime(
      String expression, String zone, Instant after, Instant next) {
    assertThat(ScheduleExpression.parse(expression, zone, null).nextAfter(after)).contains(next);
  }

  @Test
  void anExpressionWhoseTimeHasPassedNeverFiresAgain() {
    Instant now = Instant.parse("2026-12-06T14:24:36Z");
    assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)", "UTC", null).nextAfter(now))
        .isEqualTo(Optional.empty());
    assertThat(ScheduleExpression.parse("at(2026-12-06T14:00:00)", "UTC", null).nextAfter(now))
        .isEmpty();
  }

  @Test
  void weekdaysCountFromSundayAsOne() {
    assertThat(ScheduleExpression.Cron.awsWeekday(java.time.LocalDate.parse("2026-12-06")))
        .isEqualTo(1);
    assertThat(ScheduleExpression.Cron.awsWeekday(java.time.LocalDate.parse("2026-12-05")))
        .isEqualTo(7);
  }

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource({
    "cron(0 2 * * ?),         UTC,         cron() needs 6 fields",
    "cron(61 2 * * ? *),      UTC,         value 61 outside 0-59",
    "cron(0 2 LW * ? *),      UTC,         W in day-of-month is not supported",
    "cron(0 2 * * FUN *),     UTC,         invalid value 'FUN'",
    "cron(0 5-2 * * ? *),     UTC,         invalid range",
    "cron(0/0 2 * * ? *),     UTC,         invalid step",
    "rate(0 minutes),         UTC,         invalid rate(0 minutes)",
    "rate(5 weeks),           UTC,         invalid rate(5 weeks)",
    "at(2027-13-01T00:00:00), UTC,         invalid at(2027-13-01T00:00:00)",
    "every 5 minutes,         UTC,         unsupported schedule expression",
    "cron(0 2 * * ? *),       Mars/Olympus, unknown time zone 'Mars/Olympus'",
  })
  void anExpressionItCannotReadIsRefusedSayingWhy(
      String expression, @Nullable String zone, String message) {
    assertThatThrownBy(() -> ScheduleExpression.parse(expression, zone, ANCHOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aRateNeedsAnAnchor() {
    assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 hour)", "UTC", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an anchor");
  }
}
