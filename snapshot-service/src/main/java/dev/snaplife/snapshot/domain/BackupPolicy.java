package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A backup policy of one Snaplife environment: which databases it backs up (selection), when
 * (schedule), and how long their snapshots live (retention).
 *
 * @param environment the Snaplife environment the policy belongs to; two environments sharing an
 *     account never touch each other's snapshots, even under policies of the same name
 * @param snapshotPrefix the start of every snapshot name [SnapshotNamePrefix]
 * @param dryRun report what would be created and deleted, change nothing
 * @param rpo the recovery point objective watched for each selected database, if any
 */
public record BackupPolicy(
    String environment,
    String name,
    Selection selection,
    Schedule schedule,
    Retention retention,
    String snapshotPrefix,
    boolean dryRun,
    @Nullable Duration rpo,
    Adoption adoption) {

  /**
   * Which databases: pattern AND tags AND engine AND list, minus exclusions (seed 003: logical
   * AND).
   *
   * @param namePattern searched anywhere in the identifier (as the seeds' Python {@code
   *     re.search}); anchor with ^ or $ to match the whole name
   * @param tags all must be present with these values (seed 003's {@code CopyDBSnapshot=True})
   * @param engines empty means any engine
   * @param identifiers when given, only these databases (seed 004's list); each must exist
   * @param exclusions never these databases
   */
  public record Selection(
      Set<DatabaseKind> kinds,
      @Nullable Pattern namePattern,
      Map<String, String> tags,
      Set<String> engines,
      @Nullable Set<String> identifiers,
      Set<String> exclusions) {

    public Selection {
      kinds = Set.copyOf(kinds);
      tags = Map.copyOf(tags);
      engines = Set.copyOf(engines);
      identifiers = identifiers == null ? null : Set.copyOf(identifiers);
      exclusions = Set.copyOf(exclusions);
    }

    public boolean selects(Database database) {
      if (!kinds.contains(database.kind()) || exclusions.contains(database.identifier())) {
        return false;
      }
      if (database.kind() == DatabaseKind.DB_INSTANCE && database.clusterIdentifier() != null) {
        return false; // Aurora members are snapshotted through their cluster.
      }
      if (identifiers != null && !identifiers.contains(database.identifier())) {
        return false;
      }
      if (namePattern != null && !namePattern.matcher(database.identifier()).find()) {
        return false;
      }
      if (!engines.isEmpty() && !engines.contains(database.engine())) {
        return false;
      }
      return tags.entrySet().stream()
          .allMatch(t -> t.getValue().equals(database.tags().get(t.getKey())));
    }

    public List<DatabaseKind> kindList() {
      return kinds.stream().sorted().toList();
    }
  }

  /**
   * When the policy runs.
   *
   * @param expression an EventBridge Scheduler expression ({@code cron(0 1 * * ? *)}, {@code rate(1
   *     day)}) that requests a run; absent for a policy run only on request
   * @param timezone the expression's time zone (IANA), UTC when absent
   * @param backupInterval minimum age of the newest snapshot before another is taken
   *     [BackupInterval]
   */
  public record Schedule(
      @Nullable String expression, @Nullable String timezone, Duration backupInterval) {}

  /**
   * How long snapshots live [RetentionDays, DeleteOldSnapshots], with tiers of older ones kept.
   *
   * @param retentionDays snapshots younger than this are always kept
   * @param keepDaily also keep the newest snapshot of each of this many most recent days
   * @param keepWeekly likewise per ISO week
   * @param keepMonthly likewise per month
   * @param deleteExpired delete what retention does not keep; off, the run only reports
   */
  public record Retention(
      int retentionDays, int keepDaily, int keepWeekly, int keepMonthly, boolean deleteExpired) {}

  /** Snapshots made elsewhere that the policy brings into the flow. */
  public record Adoption(boolean awsBackup, boolean automated) {
    public static final Adoption NONE = new Adoption(false, false);
  }

  public boolean selects(Database database) {
    return selection.selects(database);
  }

  public Optional<Duration> recoveryPointObjective() {
    return Optional.ofNullable(rpo);
  }

  /**
   * Six characters naming this policy of this environment inside snapshot names, so two policies
   * (or environments) snapshotting one database in the same minute never share a name.
   */
  public String ownerKey() {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((environment + "/" + name).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long bits = 0;
    for (int i = 0; i < 4; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    String key = Long.toString(bits % 2_176_782_336L, 36); // 36^6
    return ("000000" + key).substring(key.length()).toLowerCase(Locale.ROOT);
  }
}
