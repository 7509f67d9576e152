package dev.snaplife.archive.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveNameTest {

  static final Instant SCHEDULED = Instant.parse("2026-12-01T01:30:00Z");

  static ArchivePolicy policy(Compression compression) {
    return new ArchivePolicy(
        "monthly",
        new ArchivePolicy.Selection(Map.of("archive", "monthly"), List.of()),
        List.of(),
        "cron(30 1 1 * ? *)",
        null,
        "snaplife/archive/",
        "archives-bucket",
        "archives",
        StorageClass.GLACIER_IR,
        null,
        365,
        compression,
        null,
        true,
        null);
  }

  @Test
  void theSameRequestAlwaysNamesTheSameArchiveAndObject() {
    ArchiveName name = new ArchiveName("monthly", "orders-db", "orders", SCHEDULED);

    assertThat(name.id()).isEqualTo("monthly/orders-db/orders/20261201T013000Z");
    assertThat(name.location(policy(Compression.GZIP), Engine.POSTGRES).uri())
        .isEqualTo(
            "s3://archives-bucket/archives/monthly/orders-db/orders/2026/12/"
                + "orders-db.orders.20261201T013000Z.pgdump.gz");
    assertThat(name.location(policy(Compression.NONE), Engine.MYSQL).key())
        .endsWith("orders-db.orders.20261201T013000Z.sql");
  }

  @Test
  void refusesIdentifiersThatCouldEscapeTheKeyOrTheTool() {
    assertThatThrownBy(() -> new ArchiveName("monthly", "../etc", "orders", SCHEDULED))
        .hasMessageContaining("not an RDS database identifier");
    assertThatThrownBy(() -> new ArchiveName("monthly", "orders-db", "orders; drop", SCHEDULED))
        .hasMessageContaining("not a database name");
    assertThatThrownBy(() -> new ArchiveName("monthly", "orders-db", "-Fp", SCHEDULED))
        .hasMessageContaining("not a database name");
  }

  @Test
  void selectsByIdentifierOrByEveryTag() {
    ArchivePolicy.Selection selection =
        new ArchivePolicy.Selection(Map.of("archive", "monthly", "team", "a"), List.of("legacy"));

    assertThat(selection.selects("legacy", Map.of())).isTrue();
    assertThat(selection.selects("orders", Map.of("archive", "monthly", "team", "a"))).isTrue();
    assertThat(selection.selects("orders", Map.of("archive", "monthly"))).isFalse();
    assertThat(new ArchivePolicy.Selection(Map.of(), List.of("x")).selects("y", Map.of()))
        .isFalse();
  }
}
