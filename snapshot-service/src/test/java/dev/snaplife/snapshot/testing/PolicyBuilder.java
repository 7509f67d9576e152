package dev.snaplife.snapshot.testing;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Test data: a backup policy with every default of the configuration, changed only where a test
 * says so: {@code aPolicy("daily").pattern("^prod-").retention(7, 0, 4, 0).build()}.
 */
public final class PolicyBuilder {

  public static final String ENVIRONMENT = "snaplife";

  private final String name;
  private String environment = ENVIRONMENT;
  private Set<DatabaseKind> kinds = Set.of(DatabaseKind.DB_INSTANCE, DatabaseKind.DB_CLUSTER);
  private Pattern pattern;
  private Map<String, String> tags = Map.of();
  private Set<String> engines = Set.of();
  private Set<String> identifiers;
  private Set<String> exclusions = Set.of();
  private String schedule;
  private Duration interval = Duration.ofHours(24);
  private int retentionDays = 7;
  private int keepDaily;
  private int keepWeekly;
  private int keepMonthly;
  private boolean deleteExpired = true;
  private boolean dryRun;
  private Duration rpo;
  private String prefix = "snaplife";
  private BackupPolicy.Adoption adoption = BackupPolicy.Adoption.NONE;

  private PolicyBuilder(String name) {
    this.name = name;
  }

  public static PolicyBuilder aPolicy(String name) {
    return new PolicyBuilder(name);
  }

  public PolicyBuilder environment(String environment) {
    this.environment = environment;
    return this;
  }

  public PolicyBuilder kinds(DatabaseKind... kinds) {
    this.kinds = Set.of(kinds);
    return this;
  }

  public PolicyBuilder pattern(String regex) {
    this.pattern = Pattern.compile(regex);
    return this;
  }

  public PolicyBuilder tags(Map<String, String> tags) {
    this.tags = tags;
    return this;
  }

  public PolicyBuilder engines(String... engines) {
    this.engines = Set.of(engines);
    return this;
  }

  public PolicyBuilder identifiers(String... ids) {
    this.identifiers = Set.of(ids);
    return this;
  }

  public PolicyBuilder exclusions(String... ids) {
    this.exclusions = Set.of(ids);
    return this;
  }

  public PolicyBuilder schedule(String expression) {
    this.schedule = expression;
    return this;
  }

  public PolicyBuilder interval(Duration interval) {
    this.interval = interval;
    return this;
  }

  public PolicyBuilder retentionDays(int days) {
    this.retentionDays = days;
    return this;
  }

  public PolicyBuilder keep(int daily, int weekly, int monthly) {
    this.keepDaily = daily;
    this.keepWeekly = weekly;
    this.keepMonthly = monthly;
    return this;
  }

  public PolicyBuilder noDeletion() {
    this.deleteExpired = false;
    return this;
  }

  public PolicyBuilder dryRun() {
    this.dryRun = true;
    return this;
  }

  public PolicyBuilder rpo(Duration rpo) {
    this.rpo = rpo;
    return this;
  }

  public PolicyBuilder prefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  public PolicyBuilder adopting(boolean awsBackup, boolean automated) {
    this.adoption = new BackupPolicy.Adoption(awsBackup, automated);
    return this;
  }

  public BackupPolicy build() {
    return new BackupPolicy(
        environment,
        name,
        new BackupPolicy.Selection(kinds, pattern, tags, engines, identifiers, exclusions),
        new BackupPolicy.Schedule(schedule, null, interval),
        new BackupPolicy.Retention(
            retentionDays, keepDaily, keepWeekly, keepMonthly, deleteExpired),
        prefix,
        dryRun,
        rpo,
        adoption);
  }
}
