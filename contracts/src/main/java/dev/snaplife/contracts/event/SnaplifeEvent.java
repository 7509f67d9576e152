package dev.snaplife.contracts.event;

/**
 * The data of a Snaplife integration event. Sealed so that {@link EventType} can prove it names
 * every event, and consumers can switch over them exhaustively.
 */
public sealed interface SnaplifeEvent
    permits BackupRequested,
        SnapshotCreated,
        SnapshotDeleted,
        SnapshotFailed,
        SnapshotShared,
        SnapshotCopied,
        ExportCompleted,
        ExportFailed,
        ExportStarted,
        ArchiveRequested,
        ArchiveWritten,
        ArchiveFailed,
        ArchiveExpired,
        ArchiveRunRequested,
        ArchiveVerified,
        ArchiveVerificationFailed,
        BackupRunPlanned,
        RecoveryPointObjectiveBreached,
        RecoveryPointObjectiveRestored,
        SnapshotDeletionFailed,
        SnapshotCopyRequested,
        SnapshotReplicationFailed {

  /** The event's type, as carried in the envelope and as the EventBridge detail-type. */
  default EventType type() {
    return EventType.of(getClass());
  }
}
