package dev.snaplife.export.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportRetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private static CompletedExport daysAgo(String id, int days) {
    return new CompletedExport(id, NOW.minus(Duration.ofDays(days)));
  }

  @Test
  void exportsOlderThanTheRetentionExpireOldestFirst() {
    List<CompletedExport> exports =
        List.of(daysAgo("c", 1), daysAgo("a", 20), daysAgo("b", 10), daysAgo("d", 6));

    assertThat(ExportRetention.expired(exports, 7, NOW))
        .extracting(CompletedExport::taskId)
        .containsExactly("a", "b");
  }

  @Test
  void theNewestExportIsKeptHoweverOld() {
    assertThat(ExportRetention.expired(List.of(daysAgo("only", 90)), 7, NOW)).isEmpty();
    assertThat(ExportRetention.expired(List.of(daysAgo("old", 90), daysAgo("new", 30)), 7, NOW))
        .extracting(CompletedExport::taskId)
        .containsExactly("old");
  }
}
