package dev.snaplife.replication.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What destination retention does with one rule's copies in one location: of each source database,
 * the rule's copy retention says what stays and why (never the newest, never one on legal hold);
 * the rest has expired. Only available copies replication made in this environment under this rule
 * are candidates; copies in progress are never counted as the newest.
 *
 * @param expired oldest first
 * @param kept each kept copy with the names of the rules that kept it
 */
public record CopyRetentionPlan(List<Replica> expired, Map<Replica, List<String>> kept) {

  public static CopyRetentionPlan of(
      ReplicationRule rule, String environment, List<Replica> snapshots, Instant now) {
    List<RetentionRule> rules = rule.copyRetention().rules();
    Map<DatabaseOf, List<Replica>> byDatabase =
        snapshots.stream()
            .filter(r -> ReplicaTags.ownedBy(r.tags(), environment, rule.name()))
            .filter(Replica::isAvailable)
            .filter(r -> r.createdAt() != null)
            .collect(
                Collectors.groupingBy(
                    r -> new DatabaseOf(r.kind(), r.sourceIdentifier()),
                    LinkedHashMap::new,
                    Collectors.toList()));
    List<Replica> expired = new ArrayList<>();
    Map<Replica, List<String>> kept = new LinkedHashMap<>();
    for (List<Replica> ofOneDatabase : byDatabase.values()) {
      List<Replica> newestFirst =
          ofOneDatabase.stream()
              .sorted(Comparator.comparing(Replica::createdAt).reversed())
              .toList();
      Map<Replica, List<String>> reasons = new LinkedHashMap<>();
      for (RetentionRule r : rules) {
        for (Replica kept1 : r.keeps(newestFirst, now)) {
          reasons.computeIfAbsent(kept1, k -> new ArrayList<>()).add(r.name());
        }
      }
      for (Replica replica : newestFirst) {
        List<String> why = reasons.get(replica);
        if (why == null) {
          expired.add(replica);
        } else {
          kept.put(replica, List.copyOf(why));
        }
      }
    }
    expired.sort(Comparator.comparing(Replica::createdAt).thenComparing(Replica::identifier));
    return new CopyRetentionPlan(List.copyOf(expired), kept);
  }

  private record DatabaseOf(DatabaseKind kind, String identifier) {}
}
