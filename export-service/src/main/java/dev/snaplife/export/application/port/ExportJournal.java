package dev.snaplife.export.application.port;

import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * export-service's own table: each export's progress, the completed exports of each database under
 * each rule (retention and crawler targets), and the exports whose catalogue is being crawled. The
 * export slots (RDS runs five exports per account at once) are the platform's slots, in the same
 * table.
 */
public interface ExportJournal {

  Optional<ExportRecord> find(String taskId);

  void save(ExportRecord record);

  void addCompleted(String rule, String sourceIdentifier, CompletedExport export);

  void removeCompleted(String rule, String sourceIdentifier, String taskId);

  /** Oldest first. */
  List<CompletedExport> completed(String rule, String sourceIdentifier);

  /** The source databases a rule has completed exports of. */
  Set<String> sources(String rule);

  void addCataloguing(String taskId);

  void removeCataloguing(String taskId);

  Set<String> cataloguing();

  /**
   * One export of one snapshot under one rule.
   *
   * @param causeEventId the SnapshotCreated or SnapshotCopied that selected it
   * @param previousCrawl the crawler's last crawl before ours started: ours has ended once the
   *     crawler is idle with another
   */
  record ExportRecord(
      String taskId,
      Status status,
      String rule,
      SnapshotRef snapshot,
      UUID causeEventId,
      UUID lifecycleId,
      @Nullable Instant startedAt,
      @Nullable Instant exportedAt,
      @Nullable Integer totalExtractedDataGiB,
      boolean crawlStarted,
      @Nullable String previousCrawl) {

    public ExportRecord withStatus(Status newStatus) {
      return new ExportRecord(
          taskId,
          newStatus,
          rule,
          snapshot,
          causeEventId,
          lifecycleId,
          startedAt,
          exportedAt,
          totalExtractedDataGiB,
          crawlStarted,
          previousCrawl);
    }

    public ExportRecord started(Instant at) {
      return new ExportRecord(
          taskId,
          Status.EXPORTING,
          rule,
          snapshot,
          causeEventId,
          lifecycleId,
          at,
          null,
          null,
          false,
          null);
    }

    public ExportRecord exported(Status next, Instant at, @Nullable Integer giB) {
      return new ExportRecord(
          taskId, next, rule, snapshot, causeEventId, lifecycleId, startedAt, at, giB, false, null);
    }

    public ExportRecord crawling(@Nullable String previous) {
      return new ExportRecord(
          taskId,
          status,
          rule,
          snapshot,
          causeEventId,
          lifecycleId,
          startedAt,
          exportedAt,
          totalExtractedDataGiB,
          true,
          previous);
    }
  }

  enum Status {
    /** Waiting for an export slot. */
    WAITING,
    EXPORTING,
    /** Exported; the crawler is to run or running over it. */
    CATALOGUING,
    COMPLETED,
    FAILED
  }
}
