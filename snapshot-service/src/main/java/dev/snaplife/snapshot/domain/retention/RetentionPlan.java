package dev.snaplife.snapshot.domain.retention;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What retention does with a policy's snapshots. Only snapshots Snaplife made under the policy in
 * its environment are candidates, of every kind and every database, selected today or not (a
 * removed cluster's snapshots expire too). Of each database, the rules say what stays and why; the
 * rest has expired. Owned snapshots RDS reports as failed are removed (they hold quota), unless on
 * legal hold. Snapshots still being created are left alone and never counted as the newest.
 *
 * @param expired available snapshots no rule keeps, oldest first
 * @param failed owned snapshots in a failed state
 * @param kept each kept snapshot with the names of the rules that kept it
 */
public record RetentionPlan(
    List<Snapshot> expired, List<Snapshot> failed, Map<Snapshot, List<String>> kept) {

  public static List<RetentionRule> rulesOf(BackupPolicy.Retention retention) {
    return RetentionRule.of(
        retention.retentionDays(),
        retention.keepDaily(),
        retention.keepWeekly(),
        retention.keepMonthly());
  }

  /**
   * @param restrictTo when the run is restricted to some databases, only their snapshots
   */
  public static RetentionPlan of(
      BackupPolicy policy,
      List<Snapshot> snapshots,
      @Nullable Set<String> restrictTo,
      Instant now) {
    List<Snapshot> owned =
        snapshots.stream()
            .filter(s -> SnaplifeTags.ownedBy(s, policy))
            .filter(s -> restrictTo == null || restrictTo.contains(s.sourceIdentifier()))
            .toList();
    List<RetentionRule> rules = rulesOf(policy.retention());
    Map<DatabaseOf, List<Snapshot>> byDatabase =
        owned.stream()
            .filter(Snapshot::isAvailable)
            .filter(s -> s.createdAt() != null)
            .collect(
                Collectors.groupingBy(
                    s -> new DatabaseOf(s.kind(), s.sourceIdentifier()),
                    LinkedHashMap::new,
                    Collectors.toList()));
    List<Snapshot> expired = new ArrayList<>();
    Map<Snapshot, List<String>> kept = new LinkedHashMap<>();
    for (List<Snapshot> ofOneDatabase : byDatabase.values()) {
      List<Snapshot> newestFirst =
          ofOneDatabase.stream()
              .sorted(Comparator.comparing(Snapshot::createdAt).reversed())
              .toList();
      Map<Snapshot, List<String>> reasons = new LinkedHashMap<>();
      for (RetentionRule rule : rules) {
        for (Snapshot s : rule.keeps(newestFirst, now)) {
          reasons.computeIfAbsent(s, k -> new ArrayList<>()).add(rule.name());
        }
      }
      for (Snapshot s : newestFirst) {
        List<String> why = reasons.get(s);
        if (why == null) {
          expired.add(s);
        } else {
          kept.put(s, List.copyOf(why));
        }
      }
    }
    expired.sort(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::identifier));
    // A failed snapshot holds no data, but legal hold means never deleted, whatever its state.
    List<Snapshot> failed =
        owned.stream()
            .filter(Snapshot::isFailed)
            .filter(s -> !SnaplifeTags.onLegalHold(s))
            .toList();
    return new RetentionPlan(List.copyOf(expired), failed, kept);
  }

  /** Everything retention removes: the expired and the failed. */
  public List<Snapshot> toDelete() {
    List<Snapshot> all = new ArrayList<>(expired);
    all.addAll(failed);
    return all;
  }

  private record DatabaseOf(DatabaseKind kind, String identifier) {}
}
