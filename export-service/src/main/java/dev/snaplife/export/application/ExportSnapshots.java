package dev.snaplife.export.application;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.ExportFailed.Step;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.application.port.ExportJournal.ExportRecord;
import dev.snaplife.export.application.port.ExportJournal.Status;
import dev.snaplife.export.application.port.RdsExports;
import dev.snaplife.export.application.port.RdsExports.ExportTask;
import dev.snaplife.export.application.port.RdsExports.StartRequest;
import dev.snaplife.export.application.port.Refused;
import dev.snaplife.export.domain.ExportLayout;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.slots.Slots;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the snapshots the rules select, on {@code SnapshotCreated} and {@code SnapshotCopied}:
 * one export task per snapshot and rule, under an identifier derived from both, so a redelivery or
 * a second report of the snapshot never starts a second export. RDS runs five exports at once per
 * account and region: an export first takes one of that location's slots, and without a free one
 * waits, recorded, until an export that ends wakes it (no spinning). An export ends on RDS's own
 * event or on the upkeep's reconciliation; a completed one is catalogued (Glue on) or reported.
 */
public final class ExportSnapshots {

  public static final String WAKE = "export-wake";

  private static final Logger log = LoggerFactory.getLogger(ExportSnapshots.class);

  public record Wake(String taskId) {}

  private final ExportRules rules;
  private final RdsExports rds;
  private final ExportJournal journal;
  private final Slots slots;
  private final CatalogueExports catalogue;
  private final ExportOutcomes outcomes;
  private final CommandQueue commands;
  private final Clock clock;

  public ExportSnapshots(
      ExportRules rules,
      RdsExports rds,
      ExportJournal journal,
      Slots slots,
      CatalogueExports catalogue,
      ExportOutcomes outcomes,
      CommandQueue commands,
      Clock clock) {
    this.rules = rules;
    this.rds = rds;
    this.journal = journal;
    this.slots = slots;
    this.catalogue = catalogue;
    this.outcomes = outcomes;
    this.commands = commands;
    this.clock = clock;
  }

  public void onCreated(EventEnvelope<SnapshotCreated> event) {
    SnapshotCreated created = event.data();
    select(event, created.snapshot(), created.policy(), false, created.origin());
  }

  public void onCopied(EventEnvelope<SnapshotCopied> event) {
    SnapshotCopied copied = event.data();
    select(event, copied.copy(), copied.policy(), true, null);
  }

  private void select(
      EventEnvelope<?> event,
      SnapshotRef snapshot,
      String policy,
      boolean isCopy,
      @Nullable SnapshotOrigin origin) {
    Location location = new Location(snapshot.accountId(), snapshot.region());
    ExportRule.SnapshotFacts facts =
        new ExportRule.SnapshotFacts(policy, snapshot.snapshotIdentifier(), location);
    Map<String, String> tags = null;
    for (ExportRule rule : rules.rules()) {
      if (!rule.selects(facts, isCopy, origin)) {
        continue;
      }
      if (!rule.tags().isEmpty()) {
        if (tags == null) {
          tags = rds.tags(location, snapshot.snapshotArn());
        }
        if (!rule.tagsMatch(tags)) {
          continue;
        }
      }
      request(event, rule, snapshot);
    }
  }

  private void request(EventEnvelope<?> event, ExportRule rule, SnapshotRef snapshot) {
    String taskId =
        ExportLayout.taskIdentifier(
            rule.name(), snapshot.snapshotArn(), snapshot.snapshotIdentifier());
    Optional<ExportRecord> existing = journal.find(taskId);
    // One under way or done is never started twice. A failed one is tried again: refused before
    // RDS made its task (a key, a bucket), it starts; a task that failed is found and reported.
    if (existing.isPresent() && existing.get().status() != Status.FAILED) {
      log.info("export {} is {} already", taskId, existing.get().status());
      return;
    }
    ExportRecord record =
        new ExportRecord(
            taskId,
            Status.WAITING,
            rule.name(),
            snapshot,
            event.eventId(),
            event.lifecycleId(),
            null,
            null,
            null,
            false,
            null);
    String engine = snapshot.engine().toLowerCase(Locale.ROOT);
    if (!ExportLayout.EXPORTABLE_ENGINES.contains(engine)) {
      fail(
          record,
          Step.START,
          "UnsupportedEngine",
          snapshot.snapshotIdentifier()
              + " is a "
              + snapshot.engine()
              + " snapshot, and RDS exports only MySQL, MariaDB, PostgreSQL, Aurora MySQL and"
              + " Aurora PostgreSQL snapshots to S3: narrow rule "
              + rule.name()
              + "'s selection (snaplife.export.rules."
              + rule.name()
              + ") so it leaves this database out",
          false);
      return;
    }
    start(record);
  }

  /** An export waiting for a slot is woken, by an export that freed one or by the upkeep. */
  public void wake(Command<Wake> command) {
    journal
        .find(command.payload().taskId())
        .filter(r -> r.status() == Status.WAITING)
        .ifPresent(this::start);
  }

  private void start(ExportRecord record) {
    Optional<ExportRule> configured = rules.rule(record.rule());
    if (configured.isEmpty()) {
      fail(
          record,
          Step.START,
          "RuleNotConfigured",
          "export rule "
              + record.rule()
              + " is no longer configured (snaplife.export.rules): the export was not started",
          false);
      return;
    }
    ExportRule rule = configured.get();
    Location location = rule.location();
    String pool = location.toString();
    SnapshotRef snapshot = record.snapshot();
    if (!slots.acquire(pool, record.taskId(), rules.exportsInFlight())) {
      waitForSlot(record, pool);
      return;
    }
    ExportTask task;
    try {
      task =
          rds.start(
              location,
              new StartRequest(
                  record.taskId(),
                  snapshot.snapshotArn(),
                  rule.bucket(),
                  ExportLayout.databasePrefix(rule, snapshot.sourceIdentifier()),
                  rule.iamRoleArn(),
                  rule.kmsKeyId(),
                  rule.exportOnly()));
    } catch (RdsExports.AlreadyExists e) {
      // Started by an earlier delivery that stopped before recording it; ours only if it exports
      // this snapshot to this rule's bucket.
      task =
          rds.find(location, record.taskId())
              .orElseThrow(() -> new IllegalStateException(record.taskId() + " exists and not"));
      if (!task.sourceArn().equals(snapshot.snapshotArn())
          || !task.bucket().equals(rule.bucket())) {
        freeSlot(pool, record.taskId());
        fail(
            record,
            Step.START,
            "NameTaken",
            "an export task named "
                + record.taskId()
                + " exists and exports "
                + task.sourceArn()
                + " to "
                + task.bucket()
                + ", not this snapshot to "
                + rule.bucket(),
            false);
        return;
      }
    } catch (Refused refused) {
      freeSlot(pool, record.taskId());
      if (limitReached(refused)) {
        // Someone else's exports fill the account's five: wait for one of ours to end, or the
        // recheck.
        waitForSlot(record, pool);
        return;
      }
      fail(record, Step.START, refused.errorCode(), refused.getMessage(), refused.retryable());
      return;
    }
    ExportRecord exporting = record.started(clock.instant());
    journal.save(exporting);
    if (record.status() == Status.WAITING) {
      slots.removeWaiting(pool, record.taskId());
    }
    outcomes.started(exporting, rule);
    log.info(
        "exporting {} as {} to s3://{}/{}",
        snapshot.snapshotArn(),
        record.taskId(),
        rule.bucket(),
        ExportLayout.exportFolder(rule, snapshot.sourceIdentifier(), record.taskId()));
    if (!task.inProgress()) {
      ended(exporting, rule, task);
    }
  }

  private static boolean limitReached(Refused refused) {
    String code = refused.errorCode();
    return code.startsWith("ExportTaskLimit")
        || code.contains("LimitExceeded")
        || code.contains("QuotaExceeded");
  }

  /**
   * Recorded as waiting: the export that frees a slot wakes the longest-waiting one, and the upkeep
   * wakes as many as there are free slots, should a wake-up be lost or RDS's limit be held by
   * exports that are not Snaplife's.
   */
  private void waitForSlot(ExportRecord record, String pool) {
    journal.save(record.withStatus(Status.WAITING));
    slots.addWaiting(pool, record.taskId(), clock.instant());
    log.info(
        "export {} waits: {} exports are in flight in {}",
        record.taskId(),
        rules.exportsInFlight(),
        pool);
  }

  /**
   * RDS reports an export of this snapshot failed, was canceled or completed: the exports of it
   * that the rules of its location made are looked at now.
   */
  public void onExportEvent(Location location, String snapshotArn, String rdsEventId) {
    // arn:aws:rds:<region>:<account>:snapshot:<identifier>, which may hold ':' (awsbackup:job-1).
    String identifier = snapshotArn.split(":", 7)[6];
    for (ExportRule rule : rules.rules()) {
      if (!rule.location().equals(location)) {
        continue;
      }
      String taskId = ExportLayout.taskIdentifier(rule.name(), snapshotArn, identifier);
      Optional<ExportRecord> exporting =
          journal.find(taskId).filter(r -> r.status() == Status.EXPORTING);
      if (exporting.isPresent()) {
        log.info("{}: RDS reports the export {} ended", rdsEventId, taskId);
        check(exporting.get());
      }
    }
  }

  /** Looks at an export in flight; the upkeep calls it for every slot holder. */
  void check(String taskId) {
    journal.find(taskId).ifPresent(this::check);
  }

  private void check(ExportRecord record) {
    Optional<ExportRule> rule = rules.rule(record.rule());
    if (record.status() != Status.EXPORTING || rule.isEmpty()) {
      // Ended, but the delivery that ended it may have stopped before giving its slot back.
      if (record.status() != Status.WAITING) {
        rule.map(r -> List.of(r.location()))
            .orElse(List.copyOf(rules.locations()))
            .forEach(l -> freeSlot(l.toString(), record.taskId()));
      }
      return;
    }
    Location location = rule.get().location();
    Optional<ExportTask> task = rds.find(location, record.taskId());
    if (task.isEmpty()) {
      fail(
          record,
          Step.EXPORT,
          "ExportTaskNotFound",
          "RDS no longer knows the export task "
              + record.taskId()
              + " in "
              + location
              + ": report the snapshot again to export it",
          true);
      freeSlot(location.toString(), record.taskId());
      return;
    }
    if (task.get().inProgress()) {
      return;
    }
    ended(record, rule.get(), task.get());
  }

  private void ended(ExportRecord record, ExportRule rule, ExportTask task) {
    String pool = rule.location().toString();
    if (task.complete()) {
      ExportRecord exported =
          record.exported(
              rule.glue() == null ? Status.COMPLETED : Status.CATALOGUING,
              clock.instant(),
              task.totalExtractedDataGiB());
      journal.addCompleted(
          rule.name(),
          record.snapshot().sourceIdentifier(),
          new CompletedExport(record.taskId(), exported.exportedAt()));
      if (rule.glue() == null) {
        outcomes.completed(exported, rule, null);
        journal.save(exported);
      } else {
        journal.addCataloguing(record.taskId());
        journal.save(exported);
        catalogue.begin(exported, 0);
      }
    } else if (task.canceled()) {
      fail(
          record,
          Step.EXPORT,
          "ExportCanceled",
          "the export task "
              + record.taskId()
              + " was canceled"
              + (task.failureCause() == null ? "" : ": " + task.failureCause()),
          false);
    } else {
      fail(
          record,
          Step.EXPORT,
          "ExportFailed",
          "RDS reports the export task "
              + record.taskId()
              + " "
              + task.status()
              + ": "
              + (task.failureCause() == null ? "no cause given" : task.failureCause()),
          false);
    }
    freeSlot(pool, record.taskId());
  }

  private void fail(ExportRecord record, Step step, String code, String reason, boolean retryable) {
    outcomes.failed(record, step, code, reason, retryable);
    journal.save(record.withStatus(Status.FAILED));
    rules
        .rule(record.rule())
        .ifPresent(r -> slots.removeWaiting(r.location().toString(), record.taskId()));
  }

  /** Gives the slot back and wakes the export that has waited longest for one. */
  private void freeSlot(String pool, String taskId) {
    slots.release(pool, taskId);
    List<String> waiting = slots.waiting(pool);
    if (!waiting.isEmpty()) {
      String next = waiting.get(0);
      commands.send(
          new OutgoingCommand(
              WAKE,
              OutgoingEvents.derive(next + "/woken-by/" + taskId),
              new Wake(next),
              Duration.ZERO));
    }
  }

  /** The upkeep's pass over one location: exports in flight reconciled, waiting ones woken. */
  void reconcile(Location location, java.time.Instant now) {
    String pool = location.toString();
    List<String> holders = slots.holders(pool);
    for (String taskId : holders) {
      check(taskId);
    }
    List<String> waiting = slots.waiting(pool);
    int free = Math.max(0, rules.exportsInFlight() - slots.holders(pool).size());
    for (String taskId : waiting.subList(0, Math.min(waiting.size(), free))) {
      commands.send(
          new OutgoingCommand(
              WAKE,
              OutgoingEvents.derive(taskId + "/upkeep/" + now),
              new Wake(taskId),
              Duration.ZERO));
    }
  }
}
