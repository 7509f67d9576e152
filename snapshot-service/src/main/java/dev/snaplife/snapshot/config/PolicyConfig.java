package dev.snaplife.snapshot.config;

import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A configured policy made into the domain's, checking what the annotations cannot: the pattern
 * compiles, the list is not empty, the schedule is an expression EventBridge Scheduler accepts, the
 * time zone exists. Every problem names the property as the binder would.
 */
final class PolicyConfig {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}");
  private static final Pattern RATE =
      Pattern.compile("rate\\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((\\S+( \\S+){5})\\)");
  private static final Pattern AT =
      Pattern.compile("at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)");

  private PolicyConfig() {}

  static BackupPolicy toPolicy(String environment, String name, SnapshotProperties.Policy p) {
    String prefix = "snaplife.snapshot.policies." + name + ".";
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add(
          "snaplife.snapshot.policies: policy name '"
              + name
              + "' must be letters, digits, - or _ (≤ 64)");
    }
    Pattern pattern = null;
    if (p.namePattern() != null && !p.namePattern().isEmpty()) {
      try {
        pattern = Pattern.compile(p.namePattern());
      } catch (PatternSyntaxException e) {
        problems.add(
            prefix + "name-pattern: not a valid regular expression: " + e.getDescription());
      }
    }
    if (p.identifiers() != null && p.identifiers().isEmpty()) {
      problems.add(
          prefix
              + "identifiers: an empty list would back up nothing; list the databases or remove"
              + " the property");
    }
    if (p.schedule() != null && !validSchedule(p.schedule())) {
      problems.add(
          prefix
              + "schedule: '"
              + p.schedule()
              + "' is not an EventBridge Scheduler expression: rate(N minutes|hours|days),"
              + " cron(minutes hours day-of-month month day-of-week year) or"
              + " at(yyyy-mm-ddThh:mm:ss)");
    }
    if (p.scheduleTimezone() != null) {
      try {
        ZoneId.of(p.scheduleTimezone());
      } catch (DateTimeException e) {
        problems.add(
            prefix + "schedule-timezone: '" + p.scheduleTimezone() + "' is no IANA time zone");
      }
    }
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return new BackupPolicy(
        environment,
        name,
        new BackupPolicy.Selection(
            p.kinds(),
            pattern,
            p.tags(),
            p.engines(),
            p.identifiers() == null ? null : Set.copyOf(p.identifiers()),
            p.exclusions()),
        new BackupPolicy.Schedule(p.schedule(), p.scheduleTimezone(), p.backupInterval()),
        new BackupPolicy.Retention(
            p.retentionDays(), p.keepDaily(), p.keepWeekly(), p.keepMonthly(), p.deleteExpired()),
        p.snapshotPrefix(),
        p.dryRun(),
        p.rpo(),
        new BackupPolicy.Adoption(p.adoptAwsBackup(), p.adoptAutomated()));
  }

  static boolean validSchedule(String expression) {
    return RATE.matcher(expression).matches()
        || CRON.matcher(expression).matches()
        || AT.matcher(expression).matches();
  }
}
