package dev.snaplife.contracts.event;

import java.util.Map;

/**
 * replication-service decided to copy a snapshot to one destination: one event per destination, so
 * each copy shows on the bus and is retried, dead-lettered and replayed on its own.
 *
 * @param source the snapshot to copy (shared with the destination account when it is another)
 * @param rule the replication rule that asked for the copy
 * @param destination the rule's destination name
 * @param accountId the destination account
 * @param region the destination region
 * @param sourceTags the source's tags, which the copy carries beside Snaplife's own
 */
public record SnapshotCopyRequested(
    SnapshotRef source,
    String policy,
    String rule,
    String destination,
    String accountId,
    String region,
    Map<String, String> sourceTags)
    implements SnaplifeEvent {

  public SnapshotCopyRequested {
    sourceTags = Map.copyOf(sourceTags);
  }
}
