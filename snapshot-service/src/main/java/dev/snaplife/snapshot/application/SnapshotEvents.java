package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.snapshot.domain.Snapshot;

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
}
