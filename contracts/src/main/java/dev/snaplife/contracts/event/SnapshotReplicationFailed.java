package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/**
 * A step of a snapshot's replication failed: re-encrypting a default-key snapshot, sharing it,
 * copying it to a destination, or expiring a copy. The failure says what is wrong and what to fix.
 *
 * @param destination the destination's name, for a copy or a copy's expiry
 * @param accountId the account the step acted in
 * @param region the region the step acted in
 */
public record SnapshotReplicationFailed(
    SnapshotRef snapshot,
    String policy,
    String rule,
    Step step,
    @Nullable String destination,
    String accountId,
    String region,
    Failure failure)
    implements SnaplifeEvent {

  /** The replication steps, in the order a snapshot goes through them. */
  public enum Step {
    REENCRYPT,
    SHARE,
    COPY,
    EXPIRE
  }
}
