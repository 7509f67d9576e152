package dev.snaplife.contracts.event;

import java.util.List;

/** A snapshot was shared with allow-listed accounts. */
public record SnapshotShared(SnapshotRef snapshot, String policy, List<String> sharedWithAccounts)
    implements SnaplifeEvent {

  public SnapshotShared {
    sharedWithAccounts = List.copyOf(sharedWithAccounts);
  }
}
