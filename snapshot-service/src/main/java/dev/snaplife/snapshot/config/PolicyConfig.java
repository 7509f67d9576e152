package dev.snaplife.snapshot.config;

import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.platform.schedule.ScheduleExpressions;
import dev.snaplife.snapshot.domain.BackupPolicy;
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
    problems.addAll(ScheduleExpressions.problems(prefix, p.schedule(), p.scheduleTimezone()));
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
}
