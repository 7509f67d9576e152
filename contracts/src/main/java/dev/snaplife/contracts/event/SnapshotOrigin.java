package dev.snaplife.contracts.event;

/** Who made a snapshot that enters the flow. */
public enum SnapshotOrigin {
  /** A manual snapshot Snaplife took under one of its policies. */
  SNAPLIFE,
  /** A recovery point that an AWS Backup job completed, adopted by policy. */
  AWS_BACKUP,
  /** An RDS automated snapshot, adopted by policy. */
  AUTOMATED
}
