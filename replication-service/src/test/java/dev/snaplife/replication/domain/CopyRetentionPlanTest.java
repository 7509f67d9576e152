package dev.snaplife.replication.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRetentionPlanTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final String ENV = "prod";
  static final ReplicationRule DR =
      new ReplicationRule(
          "dr",
          Set.of(),
          null,
          Map.of(),
          Set.of(DatabaseKind.DB_INSTANCE, DatabaseKind.DB_CLUSTER),
          List.of(),
          List.of(new Destination("eu", "123456789012", "eu-west-1", null, "key")),
          new ReplicationRule.CopyRetention(7, 0, 2, 0));

  @Test
  void copiesPastTheCopyRetentionExpireOldestFirstAndTheNewestStays() {
    Replica newest = copy("orders", "orders-3", 40, Map.of());
    Replica older = copy("orders", "orders-2", 50, Map.of());
    Replica oldest = copy("orders", "orders-1", 60, Map.of());

    CopyRetentionPlan plan = CopyRetentionPlan.of(DR, ENV, List.of(older, newest, oldest), NOW);

    assertThat(plan.expired()).containsExactly(oldest);
    assertThat(plan.kept().get(newest)).containsExactly("keep-newest", "newest-of-week");
    assertThat(plan.kept().get(older)).containsExactly("newest-of-week");
  }

  @Test
  void aCopyOnLegalHoldIsKeptAndWithinRetentionEverythingIs() {
    Replica held = copy("orders", "orders-1", 90, Map.of("snaplife:legal-hold", "true"));
    Replica recent = copy("orders", "orders-2", 2, Map.of());
    Replica newest = copy("orders", "orders-3", 1, Map.of());

    CopyRetentionPlan plan = CopyRetentionPlan.of(DR, ENV, List.of(held, recent, newest), NOW);

    assertThat(plan.expired()).isEmpty();
    assertThat(plan.kept().get(held)).contains("legal-hold");
  }

  @Test
  void onlyThisRulesCopiesInThisEnvironmentAreCandidatesAndEachDatabaseKeepsItsNewest() {
    Replica otherRule = copy("orders", "o-1", 90, Map.of("snaplife:replication-rule", "other"));
    Replica otherEnv = copy("orders", "o-2", 90, Map.of("snaplife:environment", "staging"));
    Replica byHand = copy("orders", "o-3", 90, Map.of("CreatedBy", "someone"));
    Replica onlyCopyOfBilling = copy("billing", "b-1", 90, Map.of());
    Replica stillCopying =
        new Replica(
            DatabaseKind.DB_INSTANCE,
            "orders-9",
            "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-9",
            "orders",
            "copying",
            null,
            "postgres",
            null,
            true,
            "key",
            20,
            tags(Map.of()));

    CopyRetentionPlan plan =
        CopyRetentionPlan.of(
            DR, ENV, List.of(otherRule, otherEnv, byHand, onlyCopyOfBilling, stillCopying), NOW);

    assertThat(plan.expired()).isEmpty();
    assertThat(plan.kept()).containsOnlyKeys(onlyCopyOfBilling);
  }

  static Replica copy(String database, String id, int daysAgo, Map<String, String> extraTags) {
    return new Replica(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:eu-west-1:123456789012:snapshot:" + id,
        database,
        "available",
        NOW.minus(Duration.ofDays(daysAgo)),
        "postgres",
        "16.4",
        true,
        "key",
        20,
        tags(extraTags));
  }

  static Map<String, String> tags(Map<String, String> extra) {
    Map<String, String> tags =
        new HashMap<>(
            ReplicaTags.forCopy(
                ENV,
                UUID.randomUUID(),
                "arn:aws:rds:us-east-1:123456789012:snapshot:x",
                "dr",
                "eu",
                "daily"));
    tags.putAll(extra);
    return tags;
  }
}
