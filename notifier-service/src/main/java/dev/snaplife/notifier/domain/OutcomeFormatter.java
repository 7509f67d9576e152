package dev.snaplife.notifier.domain;

import dev.snaplife.contracts.event.*;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an outcome event into what its readers need: what happened, to which database, under which
 * policy, and for failures whether retrying may help.
 */
public final class OutcomeFormatter {

  private OutcomeFormatter() {}

  /** The notification for the event, or empty for events that only feed digests. */
  public static Optional<Notification> format(
      EventEnvelope<?> event, Notification.Channel channel) {
    String title;
    String database;
    String policy;
    StringBuilder body = new StringBuilder();
    switch (event.data()) {
      case SnapshotCreated e -> {
        title = "Snapshot created";
        database = e.snapshot().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.snapshot());
        body.append("Origin: ").append(e.origin()).append('\n');
      }
      case SnapshotDeleted e -> {
        title = "Snapshot deleted (" + e.reason().name().toLowerCase().replace('_', ' ') + ")";
        database = e.snapshot().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.snapshot());
      }
      case SnapshotFailed e -> {
        title = "Snapshot FAILED";
        database = e.sourceIdentifier();
        policy = e.policy();
        body.append("Database: ")
            .append(e.sourceIdentifier())
            .append(" (")
            .append(e.databaseKind())
            .append(")\n");
        if (e.snapshotIdentifier() != null) {
          body.append("Snapshot: ").append(e.snapshotIdentifier()).append('\n');
        }
        failure(body, e.failure());
      }
      case SnapshotDeletionFailed e -> {
        title = "Snapshot deletion FAILED";
        database = e.snapshot().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.snapshot());
        failure(body, e.failure());
        body.append("The snapshot stays; the policy's next run tries to delete it again.\n");
      }
      case SnapshotShared e -> {
        title = "Snapshot shared";
        database = e.snapshot().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.snapshot());
        body.append("Shared with: ").append(String.join(", ", e.sharedWithAccounts())).append('\n');
      }
      case SnapshotCopied e -> {
        title = "Snapshot copied to " + e.copy().accountId() + "/" + e.copy().region();
        database = e.source().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.copy());
      }
      case SnapshotReplicationFailed e -> {
        title = "Snapshot " + e.step().name().toLowerCase() + " FAILED";
        database = e.snapshot().sourceIdentifier();
        policy = e.policy();
        snapshot(body, e.snapshot());
        body.append("Replication rule: ").append(e.rule());
        if (e.destination() != null) {
          body.append(", destination ").append(e.destination());
        }
        body.append(" (").append(e.accountId()).append('/').append(e.region()).append(")\n");
        failure(body, e.failure());
      }
      case ExportCompleted e -> {
        title = "Export completed";
        database = e.snapshot().sourceIdentifier();
        policy = "-";
        snapshot(body, e.snapshot());
        if (e.rule() != null) {
          body.append("Export rule: ").append(e.rule()).append('\n');
        }
        body.append("Export: ").append(e.location().uri()).append('\n');
        body.append("Export task: ").append(e.exportTaskIdentifier()).append('\n');
        if (e.exportOnly() != null) {
          body.append("Exported only: ").append(String.join(", ", e.exportOnly())).append('\n');
        }
        if (e.glueDatabase() != null) {
          body.append("Glue database: ").append(e.glueDatabase()).append('\n');
          body.append("Glue crawler: ").append(e.glueCrawler()).append('\n');
        }
        if (e.glueTables() != null) {
          body.append("Tables for Athena: ").append(String.join(", ", e.glueTables())).append('\n');
        }
      }
      case ExportFailed e -> {
        title =
            e.step() == null
                ? "Export FAILED"
                : "Export " + e.step().name().toLowerCase() + " FAILED";
        database = e.snapshot().sourceIdentifier();
        policy = "-";
        snapshot(body, e.snapshot());
        if (e.rule() != null) {
          body.append("Export rule: ").append(e.rule()).append('\n');
        }
        if (e.exportTaskIdentifier() != null) {
          body.append("Export task: ").append(e.exportTaskIdentifier()).append('\n');
        }
        failure(body, e.failure());
      }
      case ArchiveWritten e -> {
        title = "Archive written";
        database = e.databaseIdentifier();
        policy = e.policy();
        body.append("Database: ")
            .append(e.databaseIdentifier())
            .append('/')
            .append(e.databaseName())
            .append('\n');
        body.append("Archive: ")
            .append(e.location().uri())
            .append(" (")
            .append(e.sizeBytes())
            .append(" bytes, ")
            .append(e.storageClass())
            .append(")\n");
        body.append("Kept until: ").append(e.expiresAt()).append('\n');
      }
      case ArchiveFailed e -> {
        title = "Archive FAILED";
        database = e.databaseIdentifier();
        policy = e.policy();
        body.append("Database: ").append(e.databaseIdentifier()).append('\n');
        failure(body, e.failure());
      }
      case ArchiveExpired e -> {
        title = "Archive expired";
        database = e.databaseIdentifier();
        policy = e.policy();
        body.append("Archive: ")
            .append(e.location().uri())
            .append(" (written ")
            .append(e.writtenAt())
            .append(")\n");
        if (e.earlyDeletionCharge() != null) {
          body.append("Early deletion: ").append(e.earlyDeletionCharge()).append('\n');
        }
      }
      case ArchiveVerified e -> {
        title = "Archive verified";
        database = e.databaseIdentifier();
        policy = e.policy();
        archive(body, e.databaseIdentifier(), e.databaseName(), e.location(), e.writtenAt());
        body.append("Restored into a scratch database: ")
            .append(e.tables().size())
            .append(" tables, ")
            .append(e.tables().stream().mapToLong(TableRows::rows).sum())
            .append(" rows, as dumped\n");
      }
      case ArchiveVerificationFailed e -> {
        title = "Archive verification FAILED";
        database = e.databaseIdentifier();
        policy = e.policy();
        archive(body, e.databaseIdentifier(), e.databaseName(), e.location(), e.writtenAt());
        failure(body, e.failure());
        body.append("This archive may not restore. Take a fresh archive (snaplife archive run)")
            .append(" and check the bucket for changes.\n");
      }
      case RecoveryPointObjectiveBreached e -> {
        title = "RPO BREACHED";
        database = e.sourceIdentifier();
        policy = e.policy();
        body.append("Database: ")
            .append(e.sourceIdentifier())
            .append(" (")
            .append(e.databaseKind())
            .append(")\n");
        body.append("Recovery point objective: ").append(e.rpoMinutes()).append(" minutes\n");
        body.append("Newest available snapshot: ")
            .append(e.newestSnapshotAt() == null ? "none" : e.newestSnapshotAt().toString())
            .append('\n');
        body.append("Restoring now would lose everything since then. Check the backup schedule and")
            .append(" recent SnapshotFailed alerts.\n");
      }
      case RecoveryPointObjectiveRestored e -> {
        title = "RPO restored";
        database = e.sourceIdentifier();
        policy = e.policy();
        body.append("Database: ").append(e.sourceIdentifier()).append('\n');
        body.append("Fresh snapshot at: ")
            .append(e.newestSnapshotAt())
            .append(" (breached since ")
            .append(e.breachedSince())
            .append(")\n");
      }
      case BackupRequested e -> {
        return Optional.empty();
      }
      case BackupRunPlanned e -> {
        return Optional.empty();
      }
      case ArchiveRequested e -> {
        return Optional.empty();
      }
      case ArchiveRunRequested e -> {
        return Optional.empty();
      }
      case SnapshotCopyRequested e -> {
        return Optional.empty();
      }
      case ExportStarted e -> {
        // Recorded in the lifecycle ledger; the outcome is what people are told.
        return Optional.empty();
      }
    }
    body.append('\n')
        .append("Event: ")
        .append(event.eventType())
        .append(' ')
        .append(event.eventId())
        .append('\n')
        .append("Lifecycle: ")
        .append(event.lifecycleId())
        .append('\n')
        .append("At: ")
        .append(event.occurredAt())
        .append('\n');
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("event_type", event.eventType());
    attributes.put("severity", event.type().severity().name());
    attributes.put("database", database);
    attributes.put("policy", policy);
    return Optional.of(
        new Notification(
            channel,
            "[Snaplife] " + title + ": " + database + " (" + policy + ")",
            body.toString(),
            attributes));
  }

  private static void archive(
      StringBuilder body,
      String databaseIdentifier,
      String databaseName,
      S3Location location,
      java.time.Instant writtenAt) {
    body.append("Database: ").append(databaseIdentifier).append('/').append(databaseName);
    body.append('\n').append("Archive: ").append(location.uri());
    body.append(" (written ").append(writtenAt).append(")\n");
  }

  private static void snapshot(StringBuilder body, SnapshotRef s) {
    body.append("Database: ")
        .append(s.sourceIdentifier())
        .append(" (")
        .append(s.databaseKind())
        .append(", ")
        .append(s.engine())
        .append(")\n");
    body.append("Snapshot: ").append(s.snapshotIdentifier()).append('\n');
    body.append("ARN: ").append(s.snapshotArn()).append('\n');
    body.append("Account/region: ")
        .append(s.accountId())
        .append('/')
        .append(s.region())
        .append('\n');
  }

  private static void failure(StringBuilder body, Failure f) {
    body.append("Reason: ").append(f.reason()).append('\n');
    if (f.errorCode() != null) {
      body.append("Error code: ").append(f.errorCode()).append('\n');
    }
    body.append(
        f.retryable()
            ? "Retrying later may succeed.\n"
            : "Retrying will not help until this is fixed.\n");
  }
}
