package dev.snaplife.contracts.ledger;

import dev.snaplife.contracts.event.ArchiveExpired;
import dev.snaplife.contracts.event.ArchiveFailed;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveVerificationFailed;
import dev.snaplife.contracts.event.ArchiveVerified;
import dev.snaplife.contracts.event.ArchiveWritten;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.ExportFailed;
import dev.snaplife.contracts.event.ExportStarted;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.RecoveryPointObjectiveRestored;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotDeletionFailed;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.contracts.event.SnapshotShared;
import dev.snaplife.contracts.ledger.LifecycleEntry.Stage;
import dev.snaplife.contracts.ledger.LifecycleEntry.State;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What each event says about its lifecycle. Run-level events (a backup run requested or planned, an
 * archive run requested) belong to no single snapshot and have no entry.
 */
public final class LifecycleEntries {

  private LifecycleEntries() {}

  public static Optional<LifecycleEntry> of(EventEnvelope<?> event) {
    Builder entry = new Builder(event);
    return Optional.ofNullable(
        switch (event.data()) {
          case SnapshotCreated e ->
              entry
                  .snapshot(e.snapshot())
                  .done(Stage.SNAPSHOT, "", "policy " + e.policy() + ", " + originOf(e));
          case SnapshotFailed e ->
              entry
                  .database(e.sourceIdentifier(), e.snapshotIdentifier())
                  .at(e.accountId(), e.region())
                  .failed(Stage.SNAPSHOT, "", "policy " + e.policy(), e.failure());
          case SnapshotShared e ->
              entry
                  .snapshot(e.snapshot())
                  .done(
                      Stage.SHARE, "", "shared with " + String.join(", ", e.sharedWithAccounts()));
          case SnapshotCopyRequested e ->
              entry
                  .snapshot(e.source())
                  .at(e.accountId(), e.region())
                  .inProgress(
                      Stage.COPY,
                      e.accountId() + "/" + e.region(),
                      "copy requested: destination " + e.destination() + ", rule " + e.rule());
          case SnapshotCopied e ->
              entry
                  .snapshot(e.source())
                  .at(e.copy().accountId(), e.copy().region())
                  .done(
                      Stage.COPY,
                      e.copy().accountId() + "/" + e.copy().region(),
                      "copy " + e.copy().snapshotArn());
          case SnapshotReplicationFailed e -> replicationFailed(entry, e);
          case ExportStarted e ->
              entry
                  .snapshot(e.snapshot())
                  .inProgress(
                      Stage.EXPORT,
                      ruleOf(e.rule()),
                      "task " + e.exportTaskIdentifier() + " writing to " + e.location().uri());
          case ExportCompleted e ->
              entry.snapshot(e.snapshot()).done(Stage.EXPORT, ruleOf(e.rule()), exportDetail(e));
          case ExportFailed e ->
              entry
                  .snapshot(e.snapshot())
                  .failed(
                      e.step() == ExportFailed.Step.EXPIRE ? Stage.EXPIRE : Stage.EXPORT,
                      ruleOf(e.rule()),
                      (e.step() == null ? "" : "step " + e.step() + ", ")
                          + "task "
                          + (e.exportTaskIdentifier() == null ? "none" : e.exportTaskIdentifier()),
                      e.failure());
          case ArchiveRequested e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .inProgress(
                      Stage.ARCHIVE,
                      e.databaseName(),
                      "dump requested: policy " + e.policy() + ", " + e.engine());
          case ArchiveWritten e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .done(
                      Stage.ARCHIVE,
                      e.databaseName(),
                      e.location().uri()
                          + " ("
                          + e.sizeBytes()
                          + " bytes, "
                          + e.storageClass()
                          + ", expires "
                          + e.expiresAt()
                          + ")");
          case ArchiveFailed e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .failed(
                      Stage.ARCHIVE,
                      e.databaseName() == null ? "" : e.databaseName(),
                      "policy " + e.policy(),
                      e.failure());
          case ArchiveVerified e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .done(
                      Stage.VERIFY,
                      e.databaseName(),
                      "restored and matched: " + e.tables().size() + " tables");
          case ArchiveVerificationFailed e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .failed(Stage.VERIFY, e.databaseName(), e.location().uri(), e.failure());
          case ArchiveExpired e ->
              entry
                  .database(e.databaseIdentifier(), null)
                  .done(
                      Stage.EXPIRE,
                      e.databaseName(),
                      "deleted "
                          + e.location().uri()
                          + (e.earlyDeletionCharge() == null
                              ? ""
                              : " (early deletion: " + e.earlyDeletionCharge() + ")"));
          case SnapshotDeleted e ->
              entry
                  .snapshot(e.snapshot())
                  .done(
                      Stage.EXPIRE,
                      e.snapshot().accountId() + "/" + e.snapshot().region(),
                      "deleted: " + e.reason());
          case SnapshotDeletionFailed e ->
              entry
                  .snapshot(e.snapshot())
                  .failed(
                      Stage.EXPIRE,
                      e.snapshot().accountId() + "/" + e.snapshot().region(),
                      "policy " + e.policy(),
                      e.failure());
          case RecoveryPointObjectiveBreached e ->
              entry
                  .database(e.sourceIdentifier(), null)
                  .failed(
                      Stage.RPO,
                      e.policy(),
                      "newest snapshot " + e.newestSnapshotAt(),
                      new Failure(
                          "no snapshot within the " + e.rpoMinutes() + "-minute objective",
                          "RecoveryPointObjectiveBreached",
                          true));
          case RecoveryPointObjectiveRestored e ->
              entry
                  .database(e.sourceIdentifier(), null)
                  .done(Stage.RPO, e.policy(), "fresh snapshot at " + e.newestSnapshotAt());
          default -> null;
        });
  }

  private static LifecycleEntry replicationFailed(Builder entry, SnapshotReplicationFailed e) {
    entry.snapshot(e.snapshot()).at(e.accountId(), e.region());
    String detail = "rule " + e.rule() + ", step " + e.step();
    return switch (e.step()) {
      case REENCRYPT, SHARE -> entry.failed(Stage.SHARE, "", detail, e.failure());
      case COPY ->
          entry.failed(
              Stage.COPY,
              e.accountId() + "/" + e.region(),
              detail + (e.destination() == null ? "" : ", destination " + e.destination()),
              e.failure());
      case EXPIRE ->
          entry.failed(Stage.EXPIRE, e.accountId() + "/" + e.region(), detail, e.failure());
    };
  }

  private static String originOf(SnapshotCreated e) {
    return "origin " + e.origin();
  }

  private static String ruleOf(@Nullable String rule) {
    return rule == null ? "" : rule;
  }

  private static String exportDetail(ExportCompleted e) {
    StringBuilder detail = new StringBuilder(e.location().uri());
    if (e.glueDatabase() != null) {
      detail.append(", Glue ").append(e.glueDatabase());
    }
    if (e.glueTables() != null && !e.glueTables().isEmpty()) {
      detail.append(" (").append(String.join(", ", e.glueTables())).append(')');
    }
    return detail.toString();
  }

  /** Collects the parts every entry has, then states the stage's outcome. */
  private static final class Builder {
    private final EventEnvelope<?> event;
    private String database = "";
    private @Nullable String snapshot;
    private @Nullable String location;

    Builder(EventEnvelope<?> event) {
      this.event = event;
    }

    Builder snapshot(SnapshotRef ref) {
      database = ref.sourceIdentifier();
      snapshot = ref.snapshotIdentifier();
      if (location == null) {
        location = ref.accountId() + "/" + ref.region();
      }
      return this;
    }

    Builder database(String identifier, @Nullable String snapshotIdentifier) {
      database = identifier;
      snapshot = snapshotIdentifier;
      return this;
    }

    Builder at(String account, String region) {
      location = account + "/" + region;
      return this;
    }

    LifecycleEntry inProgress(Stage stage, String subject, String detail) {
      return entry(stage, subject, State.IN_PROGRESS, detail, null);
    }

    LifecycleEntry done(Stage stage, String subject, String detail) {
      return entry(stage, subject, State.DONE, detail, null);
    }

    LifecycleEntry failed(Stage stage, String subject, String detail, Failure failure) {
      return entry(stage, subject, State.FAILED, detail, failure);
    }

    private LifecycleEntry entry(
        Stage stage, String subject, State state, String detail, @Nullable Failure failure) {
      return new LifecycleEntry(
          event.lifecycleId(),
          event.eventId(),
          event.eventType(),
          event.occurredAt(),
          stage,
          subject,
          state,
          database,
          snapshot,
          location,
          detail,
          failure == null
              ? null
              : failure.reason()
                  + (failure.errorCode() == null ? "" : " [" + failure.errorCode() + "]"),
          failure == null ? null : failure.retryable(),
          null);
    }
  }
}
