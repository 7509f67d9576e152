package dev.snaplife.platform.testing;

import dev.snaplife.contracts.event.*;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data: one valid event of each type, with the fields a reader would expect. */
public final class Events {

  private Events() {}

  public static SnapshotRef snapshot(String database) {
    String id = "snaplife-" + database + "-20261120-0100";
    return new SnapshotRef(
        "arn:aws:rds:us-east-1:123456789012:snapshot:" + id,
        id,
        DatabaseKind.DB_INSTANCE,
        database,
        "postgres",
        "16.4",
        "123456789012",
        "us-east-1",
        false,
        null,
        Instant.parse("2026-11-20T01:00:31Z"),
        20);
  }

  /** The copy replication makes of a snapshot in another account and region. */
  public static SnapshotRef copyOf(SnapshotRef source, String accountId, String region) {
    return new SnapshotRef(
        source
            .snapshotArn()
            .replace(source.region() + ":" + source.accountId(), region + ":" + accountId),
        source.snapshotIdentifier(),
        source.databaseKind(),
        source.sourceIdentifier(),
        source.engine(),
        source.engineVersion(),
        accountId,
        region,
        true,
        "alias/snaplife",
        null,
        null);
  }

  public static SnaplifeEvent sample(EventType type) {
    Instant at = Instant.parse("2026-11-20T01:00:00Z");
    SnapshotRef snapshot = snapshot("orders-db");
    Failure failure = new Failure("simulated", "Simulated", true);
    S3Location location = new S3Location("bucket", "key/");
    return switch (type) {
      case BACKUP_REQUESTED -> new BackupRequested("daily", at, null, false);
      case SNAPSHOT_CREATED ->
          new SnapshotCreated(snapshot, "daily", SnapshotOrigin.SNAPLIFE, null, at, 7);
      case SNAPSHOT_DELETED ->
          new SnapshotDeleted(snapshot, "daily", DeletionReason.RETENTION, null);
      case SNAPSHOT_FAILED ->
          new SnapshotFailed(
              "daily",
              DatabaseKind.DB_INSTANCE,
              "orders-db",
              null,
              "postgres",
              "123456789012",
              "us-east-1",
              failure,
              null);
      case SNAPSHOT_SHARED -> new SnapshotShared(snapshot, "daily", List.of("222222222222"));
      case SNAPSHOT_COPIED -> new SnapshotCopied(snapshot, snapshot, "daily", 30);
      case EXPORT_COMPLETED ->
          new ExportCompleted(
              snapshot,
              "task",
              location,
              "key",
              "arn:aws:iam::123456789012:role/x",
              null,
              null,
              null,
              null,
              null,
              "lake");
      case EXPORT_STARTED ->
          new ExportStarted(
              snapshot,
              "lake-task",
              new S3Location("bucket", "exports/orders-db/lake-task/"),
              "lake");
      case EXPORT_FAILED ->
          new ExportFailed(snapshot, "task", failure, "lake", ExportFailed.Step.EXPORT);
      case ARCHIVE_REQUESTED ->
          new ArchiveRequested(
              "yearly",
              "orders-db",
              "postgres",
              "orders",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders",
              at,
              null,
              null);
      case ARCHIVE_WRITTEN ->
          new ArchiveWritten(
              "yearly",
              "orders-db",
              "orders",
              "postgres",
              location,
              10,
              "00",
              "GLACIER_IR",
              30,
              at);
      case ARCHIVE_FAILED -> new ArchiveFailed("yearly", "orders-db", "orders", failure);
      case ARCHIVE_EXPIRED ->
          new ArchiveExpired("yearly", "orders-db", "orders", location, at, null);
      case ARCHIVE_RUN_REQUESTED -> new ArchiveRunRequested("yearly", at, null);
      case ARCHIVE_VERIFIED ->
          new ArchiveVerified(
              "yearly",
              "orders-db",
              "orders",
              "postgres",
              location,
              "00",
              List.of(new TableRows("public.orders", 10)),
              at);
      case ARCHIVE_VERIFICATION_FAILED ->
          new ArchiveVerificationFailed("yearly", "orders-db", "orders", location, at, failure);
      case BACKUP_RUN_PLANNED ->
          new BackupRunPlanned(
              "daily",
              UUID.randomUUID(),
              at,
              false,
              List.of(snapshot.snapshotIdentifier()),
              List.of(),
              List.of(),
              List.of());
      case SNAPSHOT_DELETION_FAILED -> new SnapshotDeletionFailed(snapshot, "daily", failure, null);
      case RPO_BREACHED ->
          new RecoveryPointObjectiveBreached(
              "daily", DatabaseKind.DB_INSTANCE, "orders-db", 60, null, at);
      case RPO_RESTORED ->
          new RecoveryPointObjectiveRestored(
              "daily", DatabaseKind.DB_INSTANCE, "orders-db", 60, at, at);
      case SNAPSHOT_COPY_REQUESTED ->
          new SnapshotCopyRequested(
              snapshot, "daily", "dr", "dr-account", "222222222222", "eu-west-1", Map.of());
      case SNAPSHOT_REPLICATION_FAILED ->
          new SnapshotReplicationFailed(
              snapshot,
              "daily",
              "dr",
              SnapshotReplicationFailed.Step.COPY,
              "dr-account",
              "222222222222",
              "eu-west-1",
              failure);
    };
  }

  /** A new envelope around the data, as its first declared producer would publish it. */
  public static <E extends SnaplifeEvent> EventEnvelope<E> envelope(E data, String producer) {
    return EventEnvelope.of(
        UUID.randomUUID(), Instant.now(), UUID.randomUUID(), null, producer, data);
  }
}
