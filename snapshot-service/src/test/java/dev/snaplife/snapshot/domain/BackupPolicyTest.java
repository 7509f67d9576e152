package dev.snaplife.snapshot.domain;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.TestFleet.auroraMember;
import static dev.snaplife.snapshot.testing.TestFleet.cluster;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {

  private static List<String> selectedBy(BackupPolicy policy, Database... fleet) {
    return List.of(fleet).stream().filter(policy::selects).map(Database::identifier).toList();
  }

  @Test
  void selectsEveryDatabaseOfItsKindsWhenNothingNarrowsIt() {
    BackupPolicy policy = aPolicy("daily").build();

    assertThat(
            selectedBy(
                policy,
                instance("orders-db"),
                cluster("billing-cluster", "aurora-postgresql", Map.of())))
        .containsExactly("orders-db", "billing-cluster");
  }

  @Test
  void searchesThePatternAnywhereInTheIdentifier() {
    BackupPolicy policy = aPolicy("daily").pattern("orders").build();

    assertThat(
            selectedBy(
                policy, instance("orders-db"), instance("prod-orders-db"), instance("billing-db")))
        .containsExactly("orders-db", "prod-orders-db");
  }

  @Test
  void anchorsThePatternWithCaretAndDollar() {
    BackupPolicy startsWithProd = aPolicy("daily").pattern("^prod-").build();
    BackupPolicy endsWithDb = aPolicy("daily").pattern("-db$").build();
    Database[] fleet = {instance("prod-orders"), instance("preprod-orders"), instance("prod-db-2")};

    assertThat(selectedBy(startsWithProd, fleet)).containsExactly("prod-orders", "prod-db-2");
    assertThat(selectedBy(endsWithDb, fleet)).isEmpty();
    assertThat(selectedBy(endsWithDb, instance("orders-db"), instance("orders-db-replica")))
        .containsExactly("orders-db");
  }

  @Test
  void requiresEveryTagWithItsValue() {
    BackupPolicy policy = aPolicy("daily").tags(Map.of("backup", "true", "tier", "gold")).build();

    assertThat(
            selectedBy(
                policy,
                instance("both", "postgres", Map.of("backup", "true", "tier", "gold", "x", "y")),
                instance("only-backup", "postgres", Map.of("backup", "true")),
                instance("wrong-tier", "postgres", Map.of("backup", "true", "tier", "silver")),
                instance("untagged")))
        .containsExactly("both");
  }

  @Test
  void selectsOnlyTheListedEngines() {
    BackupPolicy policy = aPolicy("daily").engines("postgres", "aurora-postgresql").build();

    assertThat(
            selectedBy(
                policy,
                instance("pg", "postgres", Map.of()),
                instance("my", "mysql", Map.of()),
                cluster("apg", "aurora-postgresql", Map.of())))
        .containsExactly("pg", "apg");
  }

  @Test
  void selectsOnlyTheListedIdentifiersWhenGiven() {
    BackupPolicy policy = aPolicy("daily").identifiers("orders-db", "billing-db").build();

    assertThat(
            selectedBy(policy, instance("orders-db"), instance("billing-db"), instance("users-db")))
        .containsExactly("orders-db", "billing-db");
  }

  @Test
  void neverSelectsAnExcludedDatabaseEvenWhenListed() {
    BackupPolicy policy =
        aPolicy("daily").identifiers("orders-db", "billing-db").exclusions("billing-db").build();

    assertThat(selectedBy(policy, instance("orders-db"), instance("billing-db")))
        .containsExactly("orders-db");
  }

  @Test
  void selectsOnlyWhatPatternTagsEngineAndListAllAllowMinusExclusions() {
    Map<String, String> backup = Map.of("backup", "true");
    BackupPolicy policy =
        aPolicy("daily")
            .pattern("^prod-")
            .tags(backup)
            .engines("postgres")
            .identifiers("prod-a", "prod-b", "prod-c", "dev-d", "prod-f")
            .exclusions("prod-c")
            .build();

    assertThat(
            selectedBy(
                policy,
                instance("prod-a", "postgres", backup),
                instance("prod-b", "mysql", backup),
                instance("prod-c", "postgres", backup),
                instance("dev-d", "postgres", backup),
                instance("prod-e", "postgres", backup),
                instance("prod-f", "postgres", Map.of())))
        .containsExactly("prod-a");
  }

  @Test
  void skipsAuroraMembersInFavourOfTheirCluster() {
    BackupPolicy policy = aPolicy("daily").pattern("^orders").build();

    assertThat(
            selectedBy(
                policy,
                cluster("orders-cluster", "aurora-mysql", Map.of()),
                auroraMember("orders-cluster-1", "orders-cluster"),
                auroraMember("orders-cluster-2", "orders-cluster")))
        .containsExactly("orders-cluster");
  }

  @Test
  void skipsAnAuroraMemberEvenWhenItIsListedByName() {
    BackupPolicy policy = aPolicy("daily").identifiers("orders-cluster-1").build();

    assertThat(policy.selects(auroraMember("orders-cluster-1", "orders-cluster"))).isFalse();
  }

  @Test
  void selectsOnlyDatabasesOfItsKinds() {
    BackupPolicy instances = aPolicy("daily").kinds(DatabaseKind.DB_INSTANCE).build();
    BackupPolicy clusters = aPolicy("daily").kinds(DatabaseKind.DB_CLUSTER).build();
    Database[] fleet = {instance("orders-db"), cluster("orders", "aurora-mysql", Map.of())};

    assertThat(selectedBy(instances, fleet)).containsExactly("orders-db");
    assertThat(selectedBy(clusters, fleet)).containsExactly("orders");
  }

  @Test
  void listsItsKindsInstancesFirst() {
    BackupPolicy policy =
        aPolicy("daily").kinds(DatabaseKind.DB_CLUSTER, DatabaseKind.DB_INSTANCE).build();

    assertThat(policy.selection().kindList())
        .containsExactly(DatabaseKind.DB_INSTANCE, DatabaseKind.DB_CLUSTER);
  }

  @Test
  void derivesAStableOwnerKeyOfSixLowercaseBase36Characters() {
    assertThat(aPolicy("daily").build().ownerKey()).isEqualTo("ga7evl");
    assertThat(aPolicy("weekly").build().ownerKey()).isEqualTo("ubwdr3");
    assertThat(aPolicy("daily").environment("staging").build().ownerKey()).isEqualTo("adzak0");
  }

  @Test
  void padsAShortOwnerKeyWithLeadingZeros() {
    assertThat(aPolicy("policy-102").build().ownerKey()).isEqualTo("01ggio");
  }

  @Test
  void keepsItsOwnerKeyWhateverElseOfThePolicyChanges() {
    BackupPolicy changed =
        aPolicy("daily")
            .prefix("other")
            .pattern("^prod-")
            .kinds(DatabaseKind.DB_CLUSTER)
            .interval(Duration.ofHours(1))
            .retentionDays(35)
            .keep(7, 4, 12)
            .build();

    assertThat(changed.ownerKey()).isEqualTo(aPolicy("daily").build().ownerKey());
  }

  @Test
  void givesEachEnvironmentAndEachPolicyItsOwnOwnerKey() {
    assertThat(
            List.of(
                aPolicy("daily").environment("production").build().ownerKey(),
                aPolicy("daily").environment("staging").build().ownerKey(),
                aPolicy("weekly").environment("production").build().ownerKey(),
                aPolicy("weekly").environment("staging").build().ownerKey()))
        .containsExactly("lyqzn6", "adzak0", "n76iz2", "ujpyay")
        .doesNotHaveDuplicates();
  }
}
