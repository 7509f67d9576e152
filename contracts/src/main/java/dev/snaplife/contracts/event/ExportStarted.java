package dev.snaplife.contracts.event;

/**
 * RDS accepted a snapshot's export: the task runs (for minutes to hours), and {@link
 * ExportCompleted} or {@link ExportFailed} follows.
 *
 * @param location the folder the task writes into
 * @param rule the export rule that selected the snapshot
 */
public record ExportStarted(
    SnapshotRef snapshot, String exportTaskIdentifier, S3Location location, String rule)
    implements SnaplifeEvent {}
