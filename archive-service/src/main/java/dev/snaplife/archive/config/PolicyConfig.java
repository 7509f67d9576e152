package dev.snaplife.archive.config;

import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.platform.schedule.ScheduleExpressions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A configured archive policy made into the domain's, checking what the annotations cannot. Every
 * problem names the property as the binder would.
 */
final class PolicyConfig {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}");
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-zA-Z0-9_$][a-zA-Z0-9_$-]{0,63}");
  private static final Pattern PREFIX =
      Pattern.compile("|[a-zA-Z0-9!_.*'()-]+(/[a-zA-Z0-9!_.*'()-]+)*");

  private PolicyConfig() {}

  static ArchivePolicy toPolicy(
      String name, ArchiveProperties.Policy p, ArchiveProperties defaults, String defaultBucket) {
    String at = "snaplife.archive.policies." + name + ".";
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add(
          "snaplife.archive.policies: policy name '"
              + name
              + "' must be letters, digits, - or _ (≤ 64)");
    }
    if (p.tags().isEmpty() && p.identifiers().isEmpty()) {
      problems.add(
          at + "tags: select the databases to archive by tags or identifiers (both are empty)");
    }
    for (String database : p.databaseNames()) {
      if (!DATABASE_NAME.matcher(database).matches()) {
        problems.add(
            at + "database-names: '" + database + "' is not a database name Snaplife archives");
      }
    }
    problems.addAll(ScheduleExpressions.problems(at, p.schedule(), p.scheduleTimezone()));
    String prefix = p.prefix() != null ? p.prefix() : defaults.prefix();
    if (!PREFIX.matcher(prefix).matches()) {
      problems.add(
          at + "prefix: '" + prefix + "' must be key segments of safe characters joined by '/'");
    }
    ArchivePolicy.Transition transition = null;
    if (p.transition() != null) {
      transition =
          new ArchivePolicy.Transition(p.transition().afterDays(), p.transition().storageClass());
      if (!p.transition().storageClass().isColderThan(p.storageClass())) {
        problems.add(
            at
                + "transition.storage-class: "
                + p.transition().storageClass()
                + " is not colder than the archives' storage class "
                + p.storageClass());
      }
      if (p.transition().afterDays() >= p.retentionDays()) {
        problems.add(
            at
                + "transition.after-days: "
                + p.transition().afterDays()
                + " is not before the retention of "
                + p.retentionDays()
                + " days, so no archive would ever move");
      }
    }
    if ((p.verifyAfterWrite() || p.reverifyEvery() != null)
        && defaults.verification().postgres() == null
        && defaults.verification().mysql() == null) {
      problems.add(
          at
              + "verify-after-write: verifying archives needs a server to restore into: configure"
              + " snaplife.archive.verification.postgres.secret and/or .mysql.secret, or set"
              + " verify-after-write to false");
    }
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return new ArchivePolicy(
        name,
        new ArchivePolicy.Selection(p.tags(), p.identifiers()),
        p.databaseNames(),
        p.schedule(),
        p.scheduleTimezone(),
        p.secretPrefix() != null ? p.secretPrefix() : defaults.secretPrefix(),
        p.bucket() != null ? p.bucket() : defaultBucket,
        prefix,
        p.storageClass(),
        p.kmsKeyId(),
        p.retentionDays(),
        p.compression(),
        transition,
        p.verifyAfterWrite(),
        p.reverifyEvery());
  }
}
