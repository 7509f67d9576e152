package dev.snaplife.export.config;

import dev.snaplife.contracts.event.SnapshotOrigin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code snaplife.export.*}: which snapshots are exported to S3, and catalogued for Athena. Checked
 * at start-up by {@link ExportConfig}; see {@code config/export-service.yaml.example}.
 *
 * @param exportsInFlight export slots per account and region; RDS runs five exports at once
 * @param crawlCheck the first check of a crawl (later ones double, to five minutes)
 * @param roles the role to assume in each other account whose snapshots rules export
 */
@ConfigurationProperties("snaplife.export")
public record ExportProperties(
    @DefaultValue("5") int exportsInFlight,
    @DefaultValue("30s") Duration crawlCheck,
    @DefaultValue Map<String, String> roles,
    @DefaultValue Map<String, Rule> rules) {

  /**
   * One export rule.
   *
   * @param policies backup policies whose snapshots are exported; empty for any policy
   * @param snapshotPattern a regular expression the snapshot identifier must match in full
   * @param tags tags the snapshot must carry
   * @param origins which source snapshots: SNAPLIFE, AWS_BACKUP, AUTOMATED (default all)
   * @param sources export source snapshots (SnapshotCreated)
   * @param copies export replication's copies (SnapshotCopied)
   * @param accountId where the snapshots are (default this account)
   * @param region where the snapshots are and the bucket is (default this region)
   * @param bucket the export bucket, in that region
   * @param prefix the folder under which each database gets its own
   * @param iamRoleArn the role RDS writes the export with
   * @param kmsKeyId the key RDS encrypts the export with
   * @param exportOnly RDS's ExportOnly list
   * @param retentionDays exports older than this are deleted, a database's newest kept
   */
  public record Rule(
      @DefaultValue List<String> policies,
      @Nullable String snapshotPattern,
      @DefaultValue Map<String, String> tags,
      @DefaultValue({"SNAPLIFE", "AWS_BACKUP", "AUTOMATED"}) Set<SnapshotOrigin> origins,
      @DefaultValue("true") boolean sources,
      @DefaultValue("false") boolean copies,
      @Nullable String accountId,
      @Nullable String region,
      @Nullable String bucket,
      @DefaultValue("exports/") String prefix,
      @Nullable String iamRoleArn,
      @Nullable String kmsKeyId,
      @DefaultValue List<String> exportOnly,
      @DefaultValue Glue glue,
      @Nullable Integer retentionDays) {}

  /**
   * The catalogue of a rule's exports.
   *
   * @param enabled a Glue database and crawler per source database
   * @param crawlerRoleArn the role the crawler reads the exports with
   * @param databasePrefix what the Glue databases' names start with
   */
  public record Glue(
      @DefaultValue("true") boolean enabled,
      @Nullable String crawlerRoleArn,
      @DefaultValue("") String databasePrefix) {}
}
