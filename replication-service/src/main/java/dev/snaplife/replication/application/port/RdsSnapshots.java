package dev.snaplife.replication.application.port;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.platform.failure.ReportedFailure;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** RDS snapshots in any location replication reaches: home, another region, another account. */
public interface RdsSnapshots {

  Optional<Replica> find(Location location, DatabaseKind kind, String identifier);

  /** Adds these accounts to the snapshot's {@code restore} attribute; already shared is success. */
  void share(Location home, Replica snapshot, List<String> accounts);

  /**
   * Starts a copy of the source (by ARN) in the target location.
   *
   * @param kmsKeyId the key in the target location; absent for unencrypted snapshots
   * @param copySourceTags whether the source's tags carry over (CopyTags)
   * @throws AlreadyExists when a snapshot of that identifier is there already
   */
  Replica copy(
      Location target,
      Replica source,
      String targetIdentifier,
      @Nullable String kmsKeyId,
      Map<String, String> tags,
      boolean copySourceTags);

  /** The manual snapshot quota of this kind in the location, and how much of it is used. */
  Quota manualSnapshotQuota(Location location, DatabaseKind kind);

  /** Every manual snapshot in the location, instance and cluster, with its tags. */
  List<Replica> manualSnapshots(Location location);

  /** Deletes the snapshot; already gone is success. */
  void delete(Location location, Replica snapshot);

  record Quota(long used, long max) {
    public boolean full() {
      return used >= max;
    }
  }

  /** A snapshot of the target identifier exists already (this copy, or something else). */
  final class AlreadyExists extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AlreadyExists(String identifier) {
      super(identifier + " already exists");
    }
  }

  /**
   * RDS, KMS or STS refused a step for a reason on-call must act on (a key, a grant, a role, a
   * missing snapshot, a quota): carried into the failure event, never retried as if transient.
   *
   * @param retryable whether the same step may succeed later without a change (a quota frees)
   */
  class StepRefused extends ReportedFailure {
    private static final long serialVersionUID = 1L;

    public StepRefused(String errorCode, String reason, boolean retryable) {
      super(errorCode, reason, retryable);
    }
  }
}
