package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A DB instance or Aurora cluster as the fleet describes it.
 *
 * @param clusterIdentifier for an instance that belongs to an Aurora cluster; such instances are
 *     snapshotted through their cluster
 */
public record Database(
    DatabaseKind kind,
    String identifier,
    String arn,
    String engine,
    String status,
    Map<String, String> tags,
    @Nullable String clusterIdentifier) {

  public Database {
    tags = Map.copyOf(tags);
  }

  /** The account id inside the database's ARN. */
  public String accountId() {
    return arn.split(":")[4];
  }

  public String region() {
    return arn.split(":")[3];
  }

  /** The ARN a snapshot of this database with the given identifier will have. */
  public String snapshotArn(String snapshotIdentifier) {
    String type = kind == DatabaseKind.DB_CLUSTER ? "cluster-snapshot" : "snapshot";
    return "arn:aws:rds:" + region() + ":" + accountId() + ":" + type + ":" + snapshotIdentifier;
  }
}
