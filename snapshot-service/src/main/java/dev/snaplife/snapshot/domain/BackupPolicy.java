package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which databases a policy backs up, how often, and how long their snapshots live.
 *
 * @param environment the Snaplife environment the policy belongs to; two environments sharing an
 *     account never touch each other's snapshots, even under policies of the same name
 * @param namePattern searched anywhere in the identifier (as the seeds' Python {@code re.search});
 *     anchor with ^ or $ to match the whole name
 * @param tags all must be present with these values (seed 003's {@code CopyDBSnapshot=True})
 * @param engines empty means any engine
 * @param identifiers when given, only these databases (seed 004's list)
 * @param exclusions never these databases
 * @param rpo the recovery point objective watched for each selected database, if any
 */
public record BackupPolicy(
    String environment,
    String name,
    Set<DatabaseKind> kinds,
    @Nullable Pattern namePattern,
    Map<String, String> tags,
    Set<String> engines,
    @Nullable Set<String> identifiers,
    Set<String> exclusions,
    Duration backupInterval,
    String snapshotPrefix,
    Retention retention,
    boolean deleteExpired,
    boolean dryRun,
    @Nullable Duration rpo,
    boolean adoptAwsBackup,
    boolean adoptAutomated) {

  /**
   * @param retentionDays snapshots younger than this are always kept
   * @param keepDaily also keep the newest snapshot of each of this many most recent days
   * @param keepWeekly likewise per ISO week
   * @param keepMonthly likewise per month
   */
  public record Retention(int retentionDays, int keepDaily, int keepWeekly, int keepMonthly) {}

  public BackupPolicy {
    kinds = Set.copyOf(kinds);
    tags = Map.copyOf(tags);
    engines = Set.copyOf(engines);
    identifiers = identifiers == null ? null : Set.copyOf(identifiers);
    exclusions = Set.copyOf(exclusions);
  }

  /** Pattern AND tags AND engine AND list, minus exclusions (seed 003: logical AND). */
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

  public Optional<Duration> recoveryPointObjective() {
    return Optional.ofNullable(rpo);
  }

  public List<DatabaseKind> kindList() {
    return kinds.stream().sorted().toList();
  }
}
