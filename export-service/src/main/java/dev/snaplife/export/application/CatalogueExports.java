package dev.snaplife.export.application;

import dev.snaplife.contracts.event.ExportFailed.Step;
import dev.snaplife.export.application.port.Catalogue;
import dev.snaplife.export.application.port.Catalogue.CrawlerState;
import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.application.port.ExportJournal.ExportRecord;
import dev.snaplife.export.application.port.ExportJournal.Status;
import dev.snaplife.export.application.port.Refused;
import dev.snaplife.export.domain.ExportLayout;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalogues a completed export for Athena: one Glue database and one crawler per source database
 * and rule, whose S3 targets are that database's retained exports (updated, never one crawler per
 * export). The crawler runs after each export; one already running is tried again at the next
 * check, not an error. Once its crawl has ended, {@code ExportCompleted} names the tables over the
 * export's files.
 */
public final class CatalogueExports {

  public static final String FOLLOW = "export-follow-crawl";

  private static final Logger log = LoggerFactory.getLogger(CatalogueExports.class);

  /** About a day of checks at most five minutes apart: crawls of exports take minutes. */
  static final int GIVE_UP_AFTER = 300;

  public record Follow(String taskId, int attempt) {}

  private final ExportRules rules;
  private final Catalogue glue;
  private final ExportJournal journal;
  private final ExportOutcomes outcomes;
  private final CommandQueue commands;

  public CatalogueExports(
      ExportRules rules,
      Catalogue glue,
      ExportJournal journal,
      ExportOutcomes outcomes,
      CommandQueue commands) {
    this.rules = rules;
    this.glue = glue;
    this.journal = journal;
    this.outcomes = outcomes;
    this.commands = commands;
  }

  /** Points the crawler at the database's exports and starts it, or comes back later. */
  void begin(ExportRecord record, int attempt) {
    Optional<ExportRule> configured = cataloguingRule(record);
    if (configured.isEmpty()) {
      return;
    }
    ExportRule rule = configured.get();
    String source = record.snapshot().sourceIdentifier();
    String database = ExportLayout.glueDatabase(rule, source);
    String crawler = ExportLayout.crawler(rules.environment(), rule, source);
    try {
      glue.ensureDatabase(
          rule.location(),
          database,
          "Snaplife exports of " + source + " under export rule " + rule.name());
      CrawlerState before = glue.ensureCrawler(rule.location(), crawlerOf(rule, source));
      if (before.running() || !glue.startCrawl(rule.location(), crawler)) {
        log.info(
            "crawler {} is running: {} is catalogued after its crawl", crawler, record.taskId());
        follow(record, attempt);
        return;
      }
      ExportRecord crawling = record.crawling(before.lastCrawlStartedAt());
      journal.save(crawling);
      log.info("crawling {} for {}", crawler, record.taskId());
      follow(crawling, 0);
    } catch (Refused refused) {
      if (refused.retryable()) {
        throw refused;
      }
      fail(record, refused.errorCode(), refused.getMessage(), false);
    }
  }

  /**
   * After exports of the database expired: the crawler's targets are its remaining exports. A
   * running crawler keeps the old ones until the next export sets them; its crawl finds nothing in
   * the deleted folders, and the crawler's delete behaviour drops their tables.
   */
  void retarget(ExportRule rule, String source) {
    if (glue.ensureCrawler(rule.location(), crawlerOf(rule, source)).running()) {
      log.info("crawler of {} is running: its targets follow at the next export", source);
    }
  }

  /** The crawler of a database's exports: one S3 target per export the journal retains. */
  private Catalogue.CrawlerSpec crawlerOf(ExportRule rule, String source) {
    List<String> targets =
        journal.completed(rule.name(), source).stream()
            .map(CompletedExport::taskId)
            .map(t -> "s3://" + rule.bucket() + "/" + ExportLayout.exportFolder(rule, source, t))
            .toList();
    return new Catalogue.CrawlerSpec(
        ExportLayout.crawler(rules.environment(), rule, source),
        rule.glue().crawlerRoleArn(),
        ExportLayout.glueDatabase(rule, source),
        targets);
  }

  /** The delayed check of a crawl. */
  public void check(Command<Follow> command) {
    journal.find(command.payload().taskId()).ifPresent(r -> check(r, command.payload().attempt()));
  }

  /** The upkeep's check of an export being catalogued, whose follow-up may have been lost. */
  void check(String taskId) {
    journal
        .find(taskId)
        .ifPresentOrElse(r -> check(r, -1), () -> journal.removeCataloguing(taskId));
  }

  private void check(ExportRecord record, int attempt) {
    if (record.status() != Status.CATALOGUING) {
      journal.removeCataloguing(record.taskId());
      return;
    }
    if (!record.crawlStarted()) {
      // Not started yet: the crawler was busy, or the delivery that exported it stopped first.
      begin(record, attempt + 1);
      return;
    }
    Optional<ExportRule> configured = cataloguingRule(record);
    if (configured.isEmpty()) {
      return;
    }
    ExportRule rule = configured.get();
    String source = record.snapshot().sourceIdentifier();
    String crawler = ExportLayout.crawler(rules.environment(), rule, source);
    CrawlerState state = glue.state(rule.location(), crawler);
    if (state.running() || Objects.equals(state.lastCrawlStartedAt(), record.previousCrawl())) {
      if (attempt >= GIVE_UP_AFTER) {
        fail(
            record,
            "CrawlNeverFinished",
            "crawler "
                + crawler
                + " has not finished a crawl over "
                + record.taskId()
                + " after "
                + attempt
                + " checks: look at it in the Glue console",
            true);
      } else if (attempt >= 0) {
        follow(record, attempt + 1);
      }
      return;
    }
    if (!"SUCCEEDED".equals(state.lastCrawlStatus())) {
      fail(
          record,
          "CrawlFailed",
          "crawler "
              + crawler
              + "'s crawl ended "
              + state.lastCrawlStatus()
              + (state.lastCrawlError() == null ? "" : ": " + state.lastCrawlError())
              + "; the export's files are in S3, and the next export's crawl catalogues them",
          true);
      return;
    }
    String folder =
        "s3://" + rule.bucket() + "/" + ExportLayout.exportFolder(rule, source, record.taskId());
    List<String> tables =
        glue.tablesUnder(rule.location(), ExportLayout.glueDatabase(rule, source), folder);
    outcomes.completed(record, rule, tables);
    journal.save(record.withStatus(Status.COMPLETED));
    journal.removeCataloguing(record.taskId());
  }

  /** The export's rule if it still catalogues in Glue; otherwise the export fails, saying so. */
  private Optional<ExportRule> cataloguingRule(ExportRecord record) {
    Optional<ExportRule> configured = rules.rule(record.rule()).filter(r -> r.glue() != null);
    if (configured.isEmpty()) {
      fail(
          record,
          "CatalogueNotConfigured",
          "export rule " + record.rule() + " no longer catalogues its exports in Glue",
          false);
    }
    return configured;
  }

  private void fail(ExportRecord record, String code, String reason, boolean retryable) {
    outcomes.failed(record, Step.CATALOGUE, code, reason, retryable);
    journal.save(record.withStatus(Status.FAILED));
    journal.removeCataloguing(record.taskId());
  }

  private void follow(ExportRecord record, int attempt) {
    commands.send(
        new OutgoingCommand(
            FOLLOW,
            OutgoingEvents.derive(
                record.taskId()
                    + "/crawl/"
                    + (record.crawlStarted() ? "after/" + record.previousCrawl() : "to-start")
                    + "/"
                    + attempt),
            new Follow(record.taskId(), attempt),
            rules.crawlCheckDelay(attempt)));
  }
}
