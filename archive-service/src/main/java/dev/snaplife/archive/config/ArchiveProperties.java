package dev.snaplife.archive.config;

import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.StorageClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * archive-service's policies and settings, under {@code snaplife.archive}. Seed 001's settings are
 * named in brackets.
 *
 * @param secretPrefix where database logins live in Secrets Manager: {@code <prefix><database
 *     identifier>} [the {@code cold-archiving/} prefix]
 * @param bucket the archive bucket; defaults to the environment's {@code
 *     <env>-archives-<account>-<region>}
 * @param prefix the key prefix of every archive in the bucket
 * @param partSize the multipart upload's part size: memory per dump is about three parts
 * @param schedulerRoleArn the role EventBridge Scheduler assumes for the policies' schedules;
 *     defaults to the environment's {@code <env>-scheduler} role in this account
 * @param verification the servers restore verification restores into
 */
@Validated
@ConfigurationProperties("snaplife.archive")
public record ArchiveProperties(
    @DefaultValue Map<String, @Valid Policy> policies,
    @DefaultValue("snaplife/archive/") @NotBlank String secretPrefix,
    @Nullable String bucket,
    @DefaultValue("archives") String prefix,
    @DefaultValue("8MB") DataSize partSize,
    @Nullable String schedulerRoleArn,
    @DefaultValue @Valid Tools tools,
    @DefaultValue @Valid Verification verification) {

  /**
   * One archive policy.
   *
   * @param tags archive the databases carrying all of these tags [the databases' tags]
   * @param identifiers and these databases (instances or Aurora clusters)
   * @param databaseNames the logical databases to dump in each; empty dumps the secret's dbname
   * @param schedule an EventBridge Scheduler expression [the monthly cron at 01:30]; absent, the
   *     policy runs on request only
   * @param retentionDays kept this long after the scheduled time [RetentionDays]
   * @param transition moved to a colder class by a bucket lifecycle rule [the lifecycle rule]
   * @param verifyAfterWrite restore every archive into a scratch database once written
   * @param reverifyEvery restore it again this often while it is kept
   */
  public record Policy(
      @DefaultValue Map<String, String> tags,
      @DefaultValue List<String> identifiers,
      @DefaultValue List<String> databaseNames,
      @Nullable String schedule,
      @Nullable String scheduleTimezone,
      @Nullable String secretPrefix,
      @Nullable String bucket,
      @Nullable String prefix,
      @DefaultValue("GLACIER_IR") StorageClass storageClass,
      @Nullable String kmsKeyId,
      @DefaultValue("365") @Min(1) @Max(36500) int retentionDays,
      @DefaultValue("GZIP") Compression compression,
      @Nullable @Valid Transition transition,
      @DefaultValue("true") boolean verifyAfterWrite,
      @Nullable @DurationMin(days = 1) Duration reverifyEvery) {}

  public record Transition(@Min(1) int afterDays, StorageClass storageClass) {}

  /**
   * The dump and restore tools, by name on PATH or by path.
   *
   * @param workDirectory where the MySQL tools' option files (mode 0600) are written; the system's
   *     temporary directory by default
   */
  public record Tools(
      @DefaultValue("pg_dump") String pgDump,
      @DefaultValue("pg_restore") String pgRestore,
      @DefaultValue("mariadb-dump") String mysqlDump,
      @DefaultValue("mariadb") String mysqlClient,
      @Nullable Path workDirectory) {}

  /**
   * A database server per engine that verification restores scratch databases into, and the Secrets
   * Manager secret of a login there that may create and drop databases.
   */
  public record Verification(@Nullable @Valid Server postgres, @Nullable @Valid Server mysql) {}

  public record Server(@NotBlank String secret) {}
}
