package dev.snaplife.platform.schedule;

import java.util.regex.Pattern;

/** The expressions EventBridge Scheduler accepts, checked before a policy reaches it. */
public final class ScheduleExpressions {

  private static final Pattern RATE =
      Pattern.compile("rate\\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((\\S+( \\S+){5})\\)");
  private static final Pattern AT =
      Pattern.compile("at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)");

  /** What a configuration error says the expression should look like. */
  public static final String EXPECTED =
      "rate(N minutes|hours|days), cron(minutes hours day-of-month month day-of-week year) or"
          + " at(yyyy-mm-ddThh:mm:ss)";

  private ScheduleExpressions() {}

  /**
   * What is wrong with a policy's schedule and its time zone, each naming its property under the
   * given prefix (which ends with '.'); empty when both are fine or absent.
   */
  public static java.util.List<String> problems(
      String propertyPrefix, String expression, String timezone) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (expression != null && !isValid(expression)) {
      problems.add(
          propertyPrefix
              + "schedule: '"
              + expression
              + "' is not an EventBridge Scheduler expression: "
              + EXPECTED);
    }
    if (timezone != null) {
      try {
        java.time.ZoneId.of(timezone);
      } catch (java.time.DateTimeException e) {
        problems.add(propertyPrefix + "schedule-timezone: '" + timezone + "' is no IANA time zone");
      }
    }
    return problems;
  }

  public static boolean isValid(String expression) {
    return RATE.matcher(expression).matches()
        || CRON.matcher(expression).matches()
        || AT.matcher(expression).matches();
  }
}
