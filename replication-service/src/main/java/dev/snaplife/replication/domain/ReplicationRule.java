package dev.snaplife.replication.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which snapshots are replicated and where (seeds 002 and 003): shared with allow-listed accounts,
 * copied to destinations, and the copies kept by their own retention.
 *
 * @param policies snapshots of these backup policies; empty means any policy
 * @param identifierPattern of databases whose identifier matches (searched, as the seeds' patterns)
 * @param tags of databases whose snapshots carry all of these tags (from the source's tags)
 * @param kinds instance snapshots, cluster snapshots or both
 * @param shareWith the accounts the snapshot is shared with (each on the allow-list)
 * @param copyRetention how long copies are kept, never shorter than the source's
 */
public record ReplicationRule(
    String name,
    Set<String> policies,
    @Nullable Pattern identifierPattern,
    Map<String, String> tags,
    Set<DatabaseKind> kinds,
    List<String> shareWith,
    List<Destination> destinations,
    CopyRetention copyRetention) {

  public ReplicationRule {
    policies = Set.copyOf(policies);
    tags = Map.copyOf(tags);
    kinds = Set.copyOf(kinds);
    shareWith = List.copyOf(shareWith);
    destinations = List.copyOf(destinations);
  }

  /** How long copies are kept, with the same named rules as the source's retention. */
  public record CopyRetention(int retentionDays, int keepDaily, int keepWeekly, int keepMonthly) {
    public List<RetentionRule> rules() {
      return RetentionRule.of(retentionDays, keepDaily, keepWeekly, keepMonthly);
    }
  }

  /**
   * Whether a snapshot of this policy and database is replicated by this rule.
   *
   * @param snapshotTags the source snapshot's tags (a Snaplife snapshot carries its database's)
   */
  public boolean selects(
      String policy,
      DatabaseKind kind,
      String databaseIdentifier,
      Map<String, String> snapshotTags) {
    return (policies.isEmpty() || policies.contains(policy))
        && kinds.contains(kind)
        && (identifierPattern == null || identifierPattern.matcher(databaseIdentifier).find())
        && tags.entrySet().stream()
            .allMatch(t -> t.getValue().equals(snapshotTags.get(t.getKey())));
  }

  /** The accounts the snapshot must be shared with: the rule's, and every other destination's. */
  public List<String> accountsToShareWith(Location home) {
    java.util.LinkedHashSet<String> accounts = new java.util.LinkedHashSet<>(shareWith);
    destinations.stream()
        .filter(d -> d.crossAccount(home))
        .forEach(d -> accounts.add(d.accountId()));
    return List.copyOf(accounts);
  }

  public java.util.Optional<Destination> destination(String name) {
    return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
