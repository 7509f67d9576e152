package dev.snaplife.replication.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaNamingTest {

  @Test
  void aCopyKeepsItsSourcesIdentifier() {
    assertThat(ReplicaNaming.copyIdentifier("orders-db-20261201-0100-k3x9q2"))
        .isEqualTo("orders-db-20261201-0100-k3x9q2");
  }

  @Test
  void anAutomatedSnapshotsColonBecomesAHyphen() {
    assertThat(ReplicaNaming.copyIdentifier("rds:orders-db-2026-12-01-01-00"))
        .isEqualTo("rds-orders-db-2026-12-01-01-00");
  }

  @Test
  void theReEncryptedCopyIsSuffixedAndStaysWithinRdsLimits() {
    assertThat(ReplicaNaming.reencryptedIdentifier("orders-1")).isEqualTo("orders-1-cmk");
    String longest = "a" + "b".repeat(254);
    String name = ReplicaNaming.reencryptedIdentifier(longest);
    assertThat(name).hasSize(255).endsWith("-cmk").doesNotContain("--");
  }

  @Test
  void anIdentifierIsMadeValidForRds() {
    assertThat(ReplicaNaming.copyIdentifier("9-Orders__DB--")).isEqualTo("s-9-orders-db");
  }
}
