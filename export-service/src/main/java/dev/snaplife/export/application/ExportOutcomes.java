package dev.snaplife.export.application;

import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.ExportFailed;
import dev.snaplife.contracts.event.ExportFailed.Step;
import dev.snaplife.contracts.event.ExportStarted;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.export.application.port.ExportJournal.ExportRecord;
import dev.snaplife.export.domain.ExportLayout;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes what becomes of an export: started, completed (and catalogued), or failed and why. */
public final class ExportOutcomes {

  private static final Logger log = LoggerFactory.getLogger(ExportOutcomes.class);

  private final ExportRules rules;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;

  public ExportOutcomes(ExportRules rules, EventPublisher publisher, OutgoingEvents outgoing) {
    this.rules = rules;
    this.publisher = publisher;
    this.outgoing = outgoing;
  }

  /** RDS accepted the task: the ledger shows the export running until its outcome. */
  void started(ExportRecord record, ExportRule rule) {
    String folder =
        ExportLayout.exportFolder(rule, record.snapshot().sourceIdentifier(), record.taskId());
    publisher.publish(
        outgoing.aboutSubject(
            record.causeEventId(),
            record.lifecycleId(),
            new ExportStarted(
                record.snapshot(),
                record.taskId(),
                new S3Location(rule.bucket(), folder),
                rule.name()),
            record.taskId()));
  }

  /** Once per export task, whichever delivery, event or check gets here. */
  void completed(ExportRecord record, ExportRule rule, @Nullable List<String> tables) {
    String source = record.snapshot().sourceIdentifier();
    ExportCompleted completed =
        new ExportCompleted(
            record.snapshot(),
            record.taskId(),
            new S3Location(rule.bucket(), ExportLayout.exportFolder(rule, source, record.taskId())),
            rule.kmsKeyId(),
            rule.iamRoleArn(),
            rule.exportOnly().isEmpty() ? null : rule.exportOnly(),
            rule.glue() == null ? null : ExportLayout.glueDatabase(rule, source),
            rule.glue() == null ? null : ExportLayout.crawler(rules.environment(), rule, source),
            record.totalExtractedDataGiB() == null
                ? null
                : record.totalExtractedDataGiB().longValue(),
            tables,
            rule.name());
    publisher.publish(
        outgoing.aboutSubject(
            record.causeEventId(), record.lifecycleId(), completed, record.taskId()));
    log.info("export {} of {} completed", record.taskId(), record.snapshot().snapshotArn());
  }

  void failed(ExportRecord record, Step step, String code, String reason, boolean retryable) {
    ExportFailed failed =
        new ExportFailed(
            record.snapshot(),
            record.taskId(),
            new Failure(reason, code, retryable),
            record.rule(),
            step);
    publisher.publish(
        outgoing.causedBy(
            record.causeEventId(),
            record.lifecycleId(),
            failed,
            record.taskId() + "/" + step + "/" + code));
    log.warn("export {} failed at {}: {} {}", record.taskId(), step, code, reason);
  }
}
