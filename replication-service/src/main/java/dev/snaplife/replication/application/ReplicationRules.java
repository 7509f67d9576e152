package dev.snaplife.replication.application;

import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.ReplicationRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The validated replication configuration: the rules, the accounts snapshots may ever be shared
 * with, and where the service itself runs.
 *
 * @param reencryptKeyId the customer-managed key (home region) default-key snapshots are
 *     re-encrypted with before they are shared
 * @param copiesInFlight how many cross-region copies may be in flight per destination
 * @param firstCheck the first delay before looking at something in progress again
 */
public record ReplicationRules(
    Location home,
    String environment,
    List<ReplicationRule> rules,
    Set<String> allowedAccounts,
    @Nullable String reencryptKeyId,
    int copiesInFlight,
    Duration firstCheck) {

  public ReplicationRules {
    rules = List.copyOf(rules);
    allowedAccounts = Set.copyOf(allowedAccounts);
  }

  public Optional<ReplicationRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public Map<String, ReplicationRule> byName() {
    Map<String, ReplicationRule> map = new LinkedHashMap<>();
    rules.forEach(r -> map.put(r.name(), r));
    return map;
  }

  public boolean allowed(String account) {
    return allowedAccounts.contains(account);
  }

  /** The wait before the attempt-th look at something in progress: doubling, at most 15 min. */
  public Duration checkDelay(int attempt) {
    Duration delay = firstCheck.multipliedBy(1L << Math.min(attempt, 10));
    return delay.compareTo(LONGEST_CHECK) > 0 ? LONGEST_CHECK : delay;
  }

  /** SQS delays a message at most 15 minutes. */
  static final Duration LONGEST_CHECK = Duration.ofMinutes(15);
}
