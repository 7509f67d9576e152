package dev.snaplife.replication.testing;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/** The source fleet of the replication tests, and the events snapshot-service would publish. */
public final class TestSnapshots {

  private TestSnapshots() {}

  /**
   * A PostgreSQL instance, encrypted: with the key, or with the AWS-managed {@code aws/rds} key
   * when none is given.
   */
  public static void createInstance(
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

  public static SnapshotRef ref(DBSnapshot s, String accountId) {
    return new SnapshotRef(
        s.dbSnapshotArn(),
        s.dbSnapshotIdentifier(),
        DatabaseKind.DB_INSTANCE,
        s.dbInstanceIdentifier(),
        s.engine(),
        s.engineVersion(),
        accountId,
        "us-east-1",
        Boolean.TRUE.equals(s.encrypted()),
        s.kmsKeyId(),
        s.snapshotCreateTime(),
        s.allocatedStorage());
  }

  public static SnapshotRef ref(DBClusterSnapshot s, String accountId) {
    return new SnapshotRef(
        s.dbClusterSnapshotArn(),
        s.dbClusterSnapshotIdentifier(),
        DatabaseKind.DB_CLUSTER,
        s.dbClusterIdentifier(),
        s.engine(),
        s.engineVersion(),
        accountId,
        "us-east-1",
        Boolean.TRUE.equals(s.storageEncrypted()),
        s.kmsKeyId(),
        s.snapshotCreateTime(),
        s.allocatedStorage());
  }

  /** snapshot-service's SnapshotCreated for a snapshot of policy {@code daily}, a new event id. */
  public static EventEnvelope<SnapshotCreated> created(SnapshotRef snapshot) {
    return EventEnvelope.of(
        UUID.randomUUID(),
        Instant.now(),
        UUID.randomUUID(),
        null,
        SnaplifeService.SNAPSHOT.source(),
        new SnapshotCreated(snapshot, "daily", SnapshotOrigin.SNAPLIFE, null, Instant.now(), 7));
  }
}
