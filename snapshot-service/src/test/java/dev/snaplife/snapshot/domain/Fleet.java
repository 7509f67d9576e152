package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Test data: databases, snapshots and policies that read like the sentences using them. */
final class Fleet {

  static final Instant NOW = Instant.parse("2026-11-20T01:00:00Z");

  private Fleet() {}

  static Database instance(String id, String engine, Map<String, String> tags) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:us-east-1:123456789012:db:" + id,
        engine,
        "available",
        tags,
        null);
  }

  static Database cluster(String id, String engine, Map<String, String> tags) {
    return new Database(
        DatabaseKind.DB_CLUSTER,
        id,
        "arn:aws:rds:us-east-1:123456789012:cluster:" + id,
        engine,
        "available",
        tags,
        null);
  }

  static Database auroraMember(String id, String cluster) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:us-east-1:123456789012:db:" + id,
        "aurora-mysql",
        "available",
        Map.of(),
        cluster);
  }

  static Snapshot owned(String policy, String db, Instant createdAt) {
    Map<String, String> tags =
        new HashMap<>(
            SnaplifeTags.forNewSnapshot(
                policy(policy), UUID.randomUUID(), UUID.randomUUID(), createdAt));
    return snapshot(
        db, "snaplife-" + db + "-" + createdAt.getEpochSecond(), "available", createdAt, tags);
  }

  static Snapshot foreign(String db, Instant createdAt) {
    return snapshot(
        db, "manual-" + db + "-" + createdAt.getEpochSecond(), "available", createdAt, Map.of());
  }

  static Snapshot snapshot(
      String db, String id, String status, Instant createdAt, Map<String, String> tags) {
    return new Snapshot(
        DatabaseKind.DB_INSTANCE,
        id,
        "arn:aws:rds:us-east-1:123456789012:snapshot:" + id,
        db,
        status,
        "manual",
        createdAt,
        "postgres",
        "16.4",
        false,
        null,
        20,
        tags);
  }

  static Snapshot withTag(Snapshot s, String key, String value) {
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

  static BackupPolicy policy(String name) {
    return new PolicyBuilder(name).build();
  }

  static final class PolicyBuilder {
    private final String name;
    Pattern pattern;
    Map<String, String> tags = Map.of();
    Set<String> engines = Set.of();
    Set<String> identifiers;
    Set<String> exclusions = Set.of();
    Duration interval = Duration.ofHours(24);
    BackupPolicy.Retention retention = new BackupPolicy.Retention(7, 0, 0, 0);

    PolicyBuilder(String name) {
      this.name = name;
    }

    PolicyBuilder pattern(String regex) {
      this.pattern = Pattern.compile(regex);
      return this;
    }

    PolicyBuilder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    PolicyBuilder engines(String... engines) {
      this.engines = Set.of(engines);
      return this;
    }

    PolicyBuilder identifiers(String... ids) {
      this.identifiers = Set.of(ids);
      return this;
    }

    PolicyBuilder exclusions(String... ids) {
      this.exclusions = Set.of(ids);
      return this;
    }

    PolicyBuilder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    PolicyBuilder retention(int days, int daily, int weekly, int monthly) {
      this.retention = new BackupPolicy.Retention(days, daily, weekly, monthly);
      return this;
    }

    BackupPolicy build() {
      return new BackupPolicy(
          "snaplife",
          name,
          Set.of(DatabaseKind.DB_INSTANCE, DatabaseKind.DB_CLUSTER),
          pattern,
          tags,
          engines,
          identifiers,
          exclusions,
          interval,
          "snaplife",
          retention,
          true,
          false,
          null,
          false,
          false);
    }
  }
}
