package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.Snapshot;
import java.util.UUID;

/** Translates the domain's snapshots into the contract's. */
final class SnapshotEvents {

  private SnapshotEvents() {}

  static SnapshotRef ref(Snapshot snapshot) {
    return new SnapshotRef(
        snapshot.arn(),
        snapshot.identifier(),
        snapshot.kind(),
        snapshot.sourceIdentifier(),
        snapshot.engine(),
        snapshot.engineVersion(),
        snapshot.accountId(),
        snapshot.region(),
        snapshot.encrypted(),
        snapshot.kmsKeyId(),
        snapshot.createdAt(),
        snapshot.allocatedStorageGiB());
  }

  /** The lifecycle id from our tag; a missing or edited tag falls back to the ARN's. */
  static UUID lifecycleOf(Snapshot snapshot) {
    try {
      return snapshot
          .tag(SnaplifeTags.LIFECYCLE_ID)
          .map(UUID::fromString)
          .orElseGet(() -> OutgoingEvents.lifecycleIdOf(snapshot.arn()));
    } catch (IllegalArgumentException notAUuid) {
      return OutgoingEvents.lifecycleIdOf(snapshot.arn());
    }
  }
}
