package dev.snaplife.contracts.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Snaplife event type with its detail-type and current schema version. A breaking change gets
 * a new detail-type; additive changes raise the schema version and keep old documents valid.
 */
public enum EventType {
  BACKUP_REQUESTED("BackupRequested", BackupRequested.class, 1, Severity.INFO),
  SNAPSHOT_CREATED("SnapshotCreated", SnapshotCreated.class, 1, Severity.INFO),
  SNAPSHOT_DELETED("SnapshotDeleted", SnapshotDeleted.class, 1, Severity.INFO),
  SNAPSHOT_FAILED("SnapshotFailed", SnapshotFailed.class, 1, Severity.ALERT),
  SNAPSHOT_SHARED("SnapshotShared", SnapshotShared.class, 1, Severity.INFO),
  SNAPSHOT_COPIED("SnapshotCopied", SnapshotCopied.class, 1, Severity.INFO),
  EXPORT_COMPLETED("ExportCompleted", ExportCompleted.class, 1, Severity.INFO),
  EXPORT_FAILED("ExportFailed", ExportFailed.class, 1, Severity.ALERT),
  ARCHIVE_REQUESTED("ArchiveRequested", ArchiveRequested.class, 1, Severity.INFO),
  ARCHIVE_WRITTEN("ArchiveWritten", ArchiveWritten.class, 1, Severity.INFO),
  ARCHIVE_FAILED("ArchiveFailed", ArchiveFailed.class, 1, Severity.ALERT),
  ARCHIVE_EXPIRED("ArchiveExpired", ArchiveExpired.class, 2, Severity.INFO),
  BACKUP_RUN_PLANNED("BackupRunPlanned", BackupRunPlanned.class, 2, Severity.INFO),
  SNAPSHOT_DELETION_FAILED(
      "SnapshotDeletionFailed", SnapshotDeletionFailed.class, 1, Severity.ALERT),
  RPO_BREACHED(
      "RecoveryPointObjectiveBreached", RecoveryPointObjectiveBreached.class, 1, Severity.ALERT),
  RPO_RESTORED(
      "RecoveryPointObjectiveRestored", RecoveryPointObjectiveRestored.class, 1, Severity.INFO),
  ARCHIVE_RUN_REQUESTED("ArchiveRunRequested", ArchiveRunRequested.class, 1, Severity.INFO),
  ARCHIVE_VERIFIED("ArchiveVerified", ArchiveVerified.class, 1, Severity.INFO),
  ARCHIVE_VERIFICATION_FAILED(
      "ArchiveVerificationFailed", ArchiveVerificationFailed.class, 1, Severity.ALERT),
  SNAPSHOT_COPY_REQUESTED("SnapshotCopyRequested", SnapshotCopyRequested.class, 1, Severity.INFO),
  SNAPSHOT_REPLICATION_FAILED(
      "SnapshotReplicationFailed", SnapshotReplicationFailed.class, 1, Severity.ALERT),
  EXPORT_STARTED("ExportStarted", ExportStarted.class, 1, Severity.INFO);

  /** How loudly an outcome is reported: failures page on-call, the rest is information. */
  public enum Severity {
    INFO,
    ALERT
  }

  private final String detailType;
  private final Class<? extends SnaplifeEvent> dataClass;
  private final int schemaVersion;
  private final Severity severity;

  EventType(
      String detailType,
      Class<? extends SnaplifeEvent> dataClass,
      int schemaVersion,
      Severity severity) {
    this.detailType = detailType;
    this.dataClass = dataClass;
    this.schemaVersion = schemaVersion;
    this.severity = severity;
  }

  public String detailType() {
    return detailType;
  }

  public Class<? extends SnaplifeEvent> dataClass() {
    return dataClass;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public Severity severity() {
    return severity;
  }

  public static Optional<EventType> fromDetailType(String detailType) {
    return Arrays.stream(values()).filter(t -> t.detailType.equals(detailType)).findFirst();
  }

  public static EventType of(Class<? extends SnaplifeEvent> dataClass) {
    return Arrays.stream(values())
        .filter(t -> t.dataClass.equals(dataClass))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not an event type: " + dataClass));
  }

  @Override
  public String toString() {
    return detailType;
  }
}
