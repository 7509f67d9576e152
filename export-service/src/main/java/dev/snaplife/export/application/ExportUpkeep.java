package dev.snaplife.export.application;

import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.application.port.ExportStorage;
import dev.snaplife.export.domain.ExportLayout;
import dev.snaplife.export.domain.ExportRetention;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep tick, once per firing whichever replica receives it. RDS sends its export events on a
 * best-effort basis, so every export in flight is reconciled with RDS, every crawl being followed
 * is checked, and exports waiting for a slot that is free are woken. Then exports past their rule's
 * retention are deleted, the newest of each database kept, and the crawler's targets follow.
 */
public final class ExportUpkeep {

  public static final String TIMER = Routing.EXPORT_UPKEEP.name();

  private static final Logger log = LoggerFactory.getLogger(ExportUpkeep.class);

  private final ExportRules rules;
  private final ExportSnapshots exports;
  private final CatalogueExports catalogue;
  private final ExportJournal journal;
  private final ExportStorage storage;
  private final Clock clock;

  public ExportUpkeep(
      ExportRules rules,
      ExportSnapshots exports,
      CatalogueExports catalogue,
      ExportJournal journal,
      ExportStorage storage,
      Clock clock) {
    this.rules = rules;
    this.exports = exports;
    this.catalogue = catalogue;
    this.journal = journal;
    this.storage = storage;
    this.clock = clock;
  }

  public void run() {
    Instant now = clock.instant();
    for (Location location : rules.locations()) {
      exports.reconcile(location, now);
    }
    for (String taskId : journal.cataloguing()) {
      catalogue.check(taskId);
    }
    for (ExportRule rule : rules.rules()) {
      if (rule.retentionDays() != null) {
        expire(rule, now);
      }
    }
  }

  private void expire(ExportRule rule, Instant now) {
    for (String source : journal.sources(rule.name())) {
      List<CompletedExport> completed = journal.completed(rule.name(), source);
      List<CompletedExport> expired = ExportRetention.expired(completed, rule.retentionDays(), now);
      if (expired.isEmpty()) {
        continue;
      }
      for (CompletedExport export : expired) {
        String folder = ExportLayout.exportFolder(rule, source, export.taskId());
        int deleted = storage.deleteFolder(rule.location(), rule.bucket(), folder);
        journal.removeCompleted(rule.name(), source, export.taskId());
        log.info(
            "export {} of {} expired under rule {} ({} days): {} objects deleted from s3://{}/{}",
            export.taskId(),
            source,
            rule.name(),
            rule.retentionDays(),
            deleted,
            rule.bucket(),
            folder);
      }
      if (rule.glue() != null) {
        catalogue.retarget(rule, source);
      }
    }
  }
}
