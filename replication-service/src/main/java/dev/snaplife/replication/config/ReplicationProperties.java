package dev.snaplife.replication.config;

import dev.snaplife.contracts.event.DatabaseKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * replication-service's rules and destinations, under {@code snaplife.replication}. Seeds 002 and
 * 003's parameters are named in brackets.
 *
 * @param allowedAccounts the only accounts snapshots are ever shared with or copied into
 *     [DestinationAccount]; {@code all} (public snapshots) is refused
 * @param reencryptKmsKeyId a customer-managed key in this region: snapshots on the AWS-managed
 *     {@code aws/rds} key are re-encrypted with it before they are shared
 * @param copiesInFlight cross-region copies in flight per destination region (RDS allows 5)
 * @param firstCheck when a copy (or a re-encryption, or a snapshot not yet available) is first
 *     looked at again, doubling each time up to 15 minutes: RDS's copy events end a copy sooner, so
 *     on AWS this is the fallback for an event that went missing
 * @param destinations where copies go, by name
 * @param rules which snapshots are shared and copied where, by name
 */
@Validated
@ConfigurationProperties("snaplife.replication")
public record ReplicationProperties(
    @DefaultValue List<String> allowedAccounts,
    @Nullable String reencryptKmsKeyId,
    @DefaultValue("5") @Min(1) @Max(50) int copiesInFlight,
    @DefaultValue("5m") @DurationMin(seconds = 1) @DurationMax(minutes = 15) Duration firstCheck,
    @DefaultValue Map<String, @Valid DestinationProperties> destinations,
    @DefaultValue Map<String, @Valid Rule> rules) {

  /**
   * One destination.
   *
   * @param accountId absent for this account [DestinationAccount]
   * @param region absent for this region [DestinationRegion]
   * @param roleArn the role assumed in another account
   * @param kmsKeyId the key copies of encrypted snapshots get there [KmsKeyDestination]
   */
  public record DestinationProperties(
      @Nullable String accountId,
      @Nullable String region,
      @Nullable String roleArn,
      @Nullable String kmsKeyId) {}

  /**
   * One replication rule.
   *
   * @param policies snapshots of these backup policies; empty: of every policy
   * @param identifierPattern databases whose identifier this regular expression finds
   *     [ClusterNamePattern / InstanceNamePattern / SnapshotPattern]
   * @param tags databases (snapshots) carrying all of these tags [TaggedInstance]
   * @param shareWith accounts the snapshots are shared with besides the destinations' accounts
   *     [ShareSnapshots]
   * @param destinations the destinations' names
   * @param copyRetentionDays copies are kept this long, never shorter than the source policy's
   *     retention [CopyRetentionDays]
   */
  public record Rule(
      @DefaultValue Set<String> policies,
      @Nullable String identifierPattern,
      @DefaultValue Map<String, String> tags,
      @DefaultValue({"DB_INSTANCE", "DB_CLUSTER"}) Set<DatabaseKind> kinds,
      @DefaultValue List<String> shareWith,
      @DefaultValue List<String> destinations,
      @DefaultValue("30") @Min(1) @Max(36500) int copyRetentionDays,
      @DefaultValue("0") @Min(0) int keepDaily,
      @DefaultValue("0") @Min(0) int keepWeekly,
      @DefaultValue("0") @Min(0) int keepMonthly) {}
}
