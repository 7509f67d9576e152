package dev.snaplife.export.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which exports of one database under one rule are past the rule's retention: those completed
 * longer ago than the retention, never the newest (the one Athena reads now).
 */
public final class ExportRetention {

  /** One completed export. */
  public record CompletedExport(String taskId, Instant completedAt) {}

  private ExportRetention() {}

  public static List<CompletedExport> expired(
      List<CompletedExport> exports, int retentionDays, Instant now) {
    if (exports.size() <= 1) {
      return List.of();
    }
    Instant cutoff = now.minus(Duration.ofDays(retentionDays));
    CompletedExport newest =
        exports.stream().max(Comparator.comparing(CompletedExport::completedAt)).orElseThrow();
    return exports.stream()
        .filter(e -> e != newest && e.completedAt().isBefore(cutoff))
        .sorted(Comparator.comparing(CompletedExport::completedAt))
        .toList();
  }
}
