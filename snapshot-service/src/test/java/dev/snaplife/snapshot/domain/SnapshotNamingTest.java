package dev.snaplife.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotNamingTest {

  private final Instant at = Instant.parse("2026-11-20T01:00:00Z");

  @Test
  void namesBuildFromPrefixDatabaseAndScheduledTime() {
    assertThat(SnapshotNaming.identifier("snaplife", "orders-db", at))
        .isEqualTo("snaplife-orders-db-20261120-0100");
    assertThat(SnapshotNaming.identifier("snaplife", "orders-db", at))
        .isEqualTo(SnapshotNaming.identifier("snaplife", "orders-db", at));
  }

  @Test
  void anEmptyPrefixIsLeftOut() {
    assertThat(SnapshotNaming.identifier("", "orders-db", at)).isEqualTo("orders-db-20261120-0100");
  }

  @Test
  void theResultIsAValidRdsIdentifier() {
    String name = SnapshotNaming.identifier("", "9--Orders__DB", at);

    assertThat(name).matches("[a-z](-?[a-z0-9])*").doesNotContain("--");
  }

  @Test
  void longNamesKeepTheirTimeSuffix() {
    String name = SnapshotNaming.identifier("p", "x".repeat(300), at);

    assertThat(name).hasSizeLessThanOrEqualTo(255).endsWith("20261120-0100");
  }
}
