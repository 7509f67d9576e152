package dev.snaplife.contracts.routing;

import java.util.Arrays;
import java.util.Optional;

/** AWS's own events that Snaplife consumes from the default bus's sources. */
public enum NativeEventType {
  RDS_DB_SNAPSHOT_EVENT("aws.rds", "RDS DB Snapshot Event", "rds-snap"),
  RDS_DB_CLUSTER_SNAPSHOT_EVENT("aws.rds", "RDS DB Cluster Snapshot Event", "rds-csnap"),
  BACKUP_JOB_STATE_CHANGE("aws.backup", "Backup Job State Change", "backup");

  private final String source;
  private final String detailType;
  private final String shortName;

  NativeEventType(String source, String detailType, String shortName) {
    this.source = source;
    this.detailType = detailType;
    this.shortName = shortName;
  }

  /** A few characters naming the type inside resource names (a rule's, say). */
  public String shortName() {
    return shortName;
  }

  public String source() {
    return source;
  }

  public String detailType() {
    return detailType;
  }

  public static Optional<NativeEventType> of(String source, String detailType) {
    return Arrays.stream(values())
        .filter(t -> t.source.equals(source) && t.detailType.equals(detailType))
        .findFirst();
  }

  @Override
  public String toString() {
    return source + "/" + detailType;
  }
}
