package dev.snaplife.snapshot.config;

import dev.snaplife.contracts.event.DatabaseKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The snapshot service's policies and settings, under {@code snaplife.snapshot}. Each policy is
 * validated at start-up; mistakes are reported with the property's full name.
 *
 * @param pollInterval the first check of snapshots still being created, when RDS's event does not
 *     arrive; each later check waits twice as long, up to {@code maxPollInterval}
 * @param giveUpAfter how long a snapshot may stay in creation before it is reported failed
 * @param concurrency RDS creates and deletes a run makes at once (each backing off when RDS
 *     throttles)
 * @param schedulerRoleArn the role EventBridge Scheduler assumes for the policies' schedules;
 *     defaults to the environment's {@code <env>-scheduler} role in this account
 */
@Validated
@ConfigurationProperties("snaplife.snapshot")
public record SnapshotProperties(
    @NotEmpty(message = "configure at least one backup policy") Map<String, @Valid Policy> policies,
    @DefaultValue("15s") @DurationMin(seconds = 1) Duration pollInterval,
    @DefaultValue("5m") @DurationMin(seconds = 1) Duration maxPollInterval,
    @DefaultValue("6h") @DurationMin(minutes = 1) Duration giveUpAfter,
    @DefaultValue("8") @Min(1) @Max(64) int concurrency,
    @Nullable String schedulerRoleArn) {

  /**
   * One policy (seeds 002, 003, 004 parameters in brackets).
   *
   * @param namePattern a regular expression searched anywhere in the identifier
   *     [InstanceNamePattern / ClusterNamePattern]
   * @param tags all must match [TaggedInstance: CopyDBSnapshot=True]
   * @param identifiers only these databases [rds_backup_list.txt]; if given, must not be empty
   * @param schedule when to run, as an EventBridge Scheduler expression [BackupSchedule]: {@code
   *     cron(0 1 * * ? *)} or {@code rate(1 day)}; absent, the policy runs only on request
   * @param scheduleTimezone the schedule's time zone (IANA name), UTC by default
   * @param backupInterval minimum age of the newest snapshot before another is taken
   *     [BackupInterval]
   * @param snapshotPrefix [SnapshotNamePrefix]
   * @param retentionDays [RetentionDays]
   * @param deleteExpired [DeleteOldSnapshots]
   * @param rpo the recovery point objective to watch, if any
   */
  public record Policy(
      @DefaultValue({"DB_INSTANCE", "DB_CLUSTER"}) @NotEmpty Set<DatabaseKind> kinds,
      @Nullable String namePattern,
      @DefaultValue Map<String, String> tags,
      @DefaultValue Set<String> engines,
      @Nullable List<String> identifiers,
      @DefaultValue Set<String> exclusions,
      @Nullable String schedule,
      @Nullable String scheduleTimezone,
      @DefaultValue("24h") @DurationMin(minutes = 1) Duration backupInterval,
      @DefaultValue("snaplife")
          @Pattern(
              regexp = "|[a-zA-Z][a-zA-Z0-9-]{0,62}",
              message = "must start with a letter and use letters, digits and '-' (≤ 63)")
          String snapshotPrefix,
      @DefaultValue("7") @Min(0) int retentionDays,
      @DefaultValue("0") @Min(0) int keepDaily,
      @DefaultValue("0") @Min(0) int keepWeekly,
      @DefaultValue("0") @Min(0) int keepMonthly,
      @DefaultValue("true") boolean deleteExpired,
      @DefaultValue("false") boolean dryRun,
      @Nullable @DurationMin(minutes = 1) Duration rpo,
      @DefaultValue("false") boolean adoptAwsBackup,
      @DefaultValue("false") boolean adoptAutomated) {}
}
