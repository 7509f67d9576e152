package dev.snaplife.contracts.event;

/** What a snapshot is taken of: an RDS DB instance or an Aurora DB cluster. */
public enum DatabaseKind {
  DB_INSTANCE,
  DB_CLUSTER
}
