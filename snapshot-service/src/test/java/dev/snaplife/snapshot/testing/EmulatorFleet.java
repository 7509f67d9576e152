package dev.snaplife.snapshot.testing;

import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Databases and snapshots on the emulator, named under a test's environment so tests sharing the
 * emulator's account never see each other's: {@code fleet.instance("orders")} creates {@code
 * <env>-orders}.
 */
public final class EmulatorFleet {

  private final RdsClient rds;
  private final String environment;

  public EmulatorFleet(RdsClient rds, String environment) {
    this.rds = rds;
    this.environment = environment;
  }

  /** The identifier a short name gets in this environment. */
  public String id(String name) {
    return environment + "-" + name;
  }

  public String instance(String name) {
    return instance(name, "postgres", Map.of());
  }

  public String instance(String name, String engine, Map<String, String> tags) {
    rds.createDBInstance(
        b ->
            b.dbInstanceIdentifier(id(name))
                .engine(engine)
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-a-real-password")
                .tags(tags(tags)));
    return id(name);
  }

  public String cluster(String name, String engine, Map<String, String> tags) {
    rds.createDBCluster(
        b ->
            b.dbClusterIdentifier(id(name))
                .engine(engine)
                .masterUsername("admin")
                .masterUserPassword("not-a-real-password")
                .tags(tags(tags)));
    return id(name);
  }

  /** A manual snapshot of an instance of this environment, with the given tags. */
  public void snapshot(String database, String snapshotId, Map<String, String> tags) {
    rds.createDBSnapshot(
        b ->
            b.dbInstanceIdentifier(id(database)).dbSnapshotIdentifier(snapshotId).tags(tags(tags)));
  }

  public void clusterSnapshot(String cluster, String snapshotId, Map<String, String> tags) {
    rds.createDBClusterSnapshot(
        b ->
            b.dbClusterIdentifier(id(cluster))
                .dbClusterSnapshotIdentifier(snapshotId)
                .tags(tags(tags)));
  }

  /** The tags Snaplife puts on a snapshot the policy took at the given time. */
  public static Map<String, String> ownedBy(BackupPolicy policy, Instant scheduledTime) {
    return new HashMap<>(
        SnaplifeTags.forNewSnapshot(policy, UUID.randomUUID(), UUID.randomUUID(), scheduledTime));
  }

  /** Every manual snapshot (instance and cluster) of this environment's databases, by id. */
  public Map<String, String> snapshotsByStatus() {
    Map<String, String> all = new HashMap<>();
    rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .filter(s -> s.dbInstanceIdentifier().startsWith(environment + "-"))
        .forEach(s -> all.put(s.dbSnapshotIdentifier(), s.status()));
    rds
        .describeDBClusterSnapshotsPaginator(b -> b.snapshotType("manual"))
        .dbClusterSnapshots()
        .stream()
        .filter(s -> s.dbClusterIdentifier().startsWith(environment + "-"))
        .forEach(s -> all.put(s.dbClusterSnapshotIdentifier(), s.status()));
    return all;
  }

  /** The manual snapshots of one database of this environment. */
  public List<String> snapshotsOf(String database) {
    Stream<String> instances =
        rds
            .describeDBSnapshotsPaginator(
                b -> b.dbInstanceIdentifier(id(database)).snapshotType("manual"))
            .dbSnapshots()
            .stream()
            .map(DBSnapshot::dbSnapshotIdentifier);
    return instances.toList();
  }

  public List<String> clusterSnapshotsOf(String cluster) {
    return rds
        .describeDBClusterSnapshotsPaginator(
            b -> b.dbClusterIdentifier(id(cluster)).snapshotType("manual"))
        .dbClusterSnapshots()
        .stream()
        .map(DBClusterSnapshot::dbClusterSnapshotIdentifier)
        .toList();
  }

  public Map<String, String> tagsOf(String snapshotId) {
    Map<String, String> tags = new HashMap<>();
    rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshotId))
        .dbSnapshots()
        .get(0)
        .tagList()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }
}
