package dev.snaplife.snapshot.adapter.out.rds;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/** From the SDK's shapes to the domain's. */
final class RdsMapping {

  private RdsMapping() {}

  static Database database(DBInstance i) {
    return new Database(
        DatabaseKind.DB_INSTANCE,
        i.dbInstanceIdentifier(),
        i.dbInstanceArn(),
        i.engine(),
        String.valueOf(i.dbInstanceStatus()),
        tags(i.tagList()),
        i.dbClusterIdentifier());
  }

  static Database database(DBCluster c) {
    return new Database(
        DatabaseKind.DB_CLUSTER,
        c.dbClusterIdentifier(),
        c.dbClusterArn(),
        c.engine(),
        String.valueOf(c.status()),
        tags(c.tagList()),
        null);
  }

  static Snapshot snapshot(DBSnapshot s) {
    return new Snapshot(
        DatabaseKind.DB_INSTANCE,
        s.dbSnapshotIdentifier(),
        s.dbSnapshotArn(),
        s.dbInstanceIdentifier(),
        String.valueOf(s.status()),
        String.valueOf(s.snapshotType()),
        s.snapshotCreateTime(),
        s.engine(),
        s.engineVersion(),
        Boolean.TRUE.equals(s.encrypted()),
        s.kmsKeyId(),
        s.allocatedStorage(),
        tags(s.tagList()));
  }

  static Snapshot snapshot(DBClusterSnapshot s) {
    return new Snapshot(
        DatabaseKind.DB_CLUSTER,
        s.dbClusterSnapshotIdentifier(),
        s.dbClusterSnapshotArn(),
        s.dbClusterIdentifier(),
        String.valueOf(s.status()),
        String.valueOf(s.snapshotType()),
        s.snapshotCreateTime(),
        s.engine(),
        s.engineVersion(),
        Boolean.TRUE.equals(s.storageEncrypted()),
        s.kmsKeyId(),
        s.allocatedStorage(),
        tags(s.tagList()));
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
    }
    return map;
  }
}
