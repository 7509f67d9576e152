package dev.snaplife.snapshot.testing;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import dev.snaplife.snapshot.domain.SnapshotNaming;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Test data: databases and snapshots that read like the sentences using them. */
public final class TestFleet {

  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "us-east-1";
  public static final Instant NOW = Instant.parse("2026-11-20T01:00:00Z");

  private TestFleet() {}

  public static Database instance(String id) {
    return instance(id, "postgres", Map.of());
  }

  public static Database instance(String id, String engine, Map<String, String> tags) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + id,
        engine,
        "available",
        tags,
        null);
  }

  public static Database cluster(String id, String engine, Map<String, String> tags) {
    return new Database(
        DatabaseKind.DB_CLUSTER,
        id,
        "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":cluster:" + id,
        engine,
        "available",
        tags,
        null);
  }

  public static Database auroraMember(String id, String cluster) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + id,
        "aurora-mysql",
        "available",
        Map.of(),
        cluster);
  }

  /** An available snapshot the policy took of the database at the given scheduled time. */
  public static Snapshot owned(BackupPolicy policy, Database db, Instant at) {
    return snapshotOf(policy, db, at, "available");
  }

  /** A snapshot the policy took, in the given RDS status; only an available one has a time. */
  public static Snapshot snapshotOf(BackupPolicy policy, Database db, Instant at, String status) {
    String id = SnapshotNaming.identifier(policy, db.identifier(), at);
    Map<String, String> tags =
        new HashMap<>(
            SnaplifeTags.forNewSnapshot(
                policy, UUID.nameUUIDFromBytes(id.getBytes()), UUID.randomUUID(), at));
    return snapshot(db, id, status, "available".equals(status) ? at : null, tags);
  }

  /** A manual snapshot someone else made: no Snaplife tags. */
  public static Snapshot foreign(Database db, String id, Instant createdAt) {
    return snapshot(db, id, "available", createdAt, Map.of());
  }

  public static Snapshot snapshot(
      Database db, String id, String status, Instant createdAt, Map<String, String> tags) {
    String type = db.kind() == DatabaseKind.DB_CLUSTER ? "cluster-snapshot" : "snapshot";
    return new Snapshot(
        db.kind(),
        id,
        "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":" + type + ":" + id,
        db.identifier(),
        status,
        "manual",
        createdAt,
        db.engine(),
        "16.4",
        false,
        null,
        20,
        tags);
  }

  public static Snapshot withTag(Snapshot s, String key, String value) {
    Map<String, String> tags = new HashMap<>(s.tags());
    tags.put(key, value);
    return new Snapshot(
        s.kind(),
        s.identifier(),
        s.arn(),
        s.sourceIdentifier(),
        s.status(),
        s.type(),
        s.createdAt(),
        s.engine(),
        s.engineVersion(),
        s.encrypted(),
        s.kmsKeyId(),
        s.allocatedStorageGiB(),
        tags);
  }
}
