package dev.snaplife.replication.testing;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.platform.testing.TestFleet;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/** The source fleet of the replication tests (us-east-1), and snapshot-service's events of it. */
public final class TestSnapshots {

  private TestSnapshots() {}

  public static void createInstance(
      RdsClient rds, String id, @Nullable String kmsKeyId, Tag... tags) {
    TestFleet.postgresInstance(rds, id, kmsKeyId, tags);
  }

  public static SnapshotRef ref(DBSnapshot s, String accountId) {
    return TestFleet.ref(s, accountId, "us-east-1");
  }

  public static SnapshotRef ref(DBClusterSnapshot s, String accountId) {
    return TestFleet.ref(s, accountId, "us-east-1");
  }

  /** snapshot-service's SnapshotCreated for a snapshot of policy {@code daily}, a new event id. */
  public static EventEnvelope<SnapshotCreated> created(SnapshotRef snapshot) {
    return TestFleet.created(snapshot, "daily");
  }
}
