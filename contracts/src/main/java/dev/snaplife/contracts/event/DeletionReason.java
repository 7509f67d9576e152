package dev.snaplife.contracts.event;

/** Why Snaplife deleted a snapshot. */
public enum DeletionReason {
  /** Past the source policy's retention. */
  RETENTION,
  /** A disaster-recovery copy past the copy retention. */
  COPY_RETENTION
}
