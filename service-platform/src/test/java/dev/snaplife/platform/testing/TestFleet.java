package dev.snaplife.platform.testing;

import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The databases and snapshots the stage tests start from, on the emulator, and the {@code
 * SnapshotCreated} snapshot-service would publish of them.
 */
public final class TestFleet {

  private TestFleet() {}

  /**
   * A PostgreSQL instance, encrypted: with the key, or with the AWS-managed {@code aws/rds} key
   * when none is given.
   */
  public static void postgresInstance(
      RdsClient rds, String id, @Nullable String kmsKeyId, Tag... tags) {
    rds.createDBInstance(
        b ->
            b.dbInstanceIdentifier(id)
                .engine("postgres")
                .engineVersion("16.4")
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-a-secret-1")
                .storageEncrypted(true)
                .kmsKeyId(kmsKeyId)
                .tags(tags));
  }

  /**
   * A PostgreSQL instance per identifier and a manual snapshot of each, named as the instance, made
   * in parallel; returned once all are available.
   */
  public static List<DBSnapshot> instancesWithSnapshots(
      RdsClient rds, List<String> ids, @Nullable String kmsKeyId) {
    ids.parallelStream().forEach(id -> postgresInstance(rds, id, kmsKeyId));
    ids.parallelStream()
        .forEach(
            id -> rds.createDBSnapshot(b -> b.dbInstanceIdentifier(id).dbSnapshotIdentifier(id)));
    Set<String> wanted = Set.copyOf(ids);
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                rds
                    .describeDBSnapshotsPaginator(b -> b.snapshotType("manual"))
                    .dbSnapshots()
                    .stream()
                    .filter(s -> wanted.contains(s.dbSnapshotIdentifier()))
                    .filter(s -> "available".equals(s.status()))
                    .toList(),
            l -> l.size() == ids.size());
  }

  public static SnapshotRef ref(DBSnapshot s, String accountId, String region) {
    return new SnapshotRef(
        s.dbSnapshotArn(),
        s.dbSnapshotIdentifier(),
        DatabaseKind.DB_INSTANCE,
        s.dbInstanceIdentifier(),
        s.engine(),
        s.engineVersion(),
        accountId,
        region,
        Boolean.TRUE.equals(s.encrypted()),
        s.kmsKeyId(),
        s.snapshotCreateTime(),
        s.allocatedStorage());
  }

  public static SnapshotRef ref(DBClusterSnapshot s, String accountId, String region) {
    return new SnapshotRef(
        s.dbClusterSnapshotArn(),
        s.dbClusterSnapshotIdentifier(),
        DatabaseKind.DB_CLUSTER,
        s.dbClusterIdentifier(),
        s.engine(),
        s.engineVersion(),
        accountId,
        region,
        Boolean.TRUE.equals(s.storageEncrypted()),
        s.kmsKeyId(),
        s.snapshotCreateTime(),
        s.allocatedStorage());
  }

  /**
   * An encrypted PostgreSQL instance snapshot as the events describe it, for use-case tests that
   * need no emulator.
   */
  public static SnapshotRef instanceSnapshot(
      String identifier,
      String sourceIdentifier,
      String accountId,
      String region,
      String kmsKeyId,
      Instant createdAt) {
    return new SnapshotRef(
        "arn:aws:rds:" + region + ":" + accountId + ":snapshot:" + identifier,
        identifier,
        DatabaseKind.DB_INSTANCE,
        sourceIdentifier,
        "postgres",
        "16.4",
        accountId,
        region,
        true,
        kmsKeyId,
        createdAt,
        20);
  }

  /** snapshot-service's SnapshotCreated for a snapshot of a policy, under a new event id. */
  public static EventEnvelope<SnapshotCreated> created(SnapshotRef snapshot, String policy) {
    return EventEnvelope.of(
        UUID.randomUUID(),
        Instant.now(),
        UUID.randomUUID(),
        null,
        SnaplifeService.SNAPSHOT.source(),
        new SnapshotCreated(snapshot, policy, SnapshotOrigin.SNAPLIFE, null, Instant.now(), 7));
  }
}
