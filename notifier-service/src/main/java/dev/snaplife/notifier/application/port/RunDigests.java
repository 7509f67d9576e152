package dev.snaplife.notifier.application.port;

import dev.snaplife.notifier.domain.RunDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The digests being gathered, one per backup run. Every change adds to sets, so applying the same
 * event twice changes nothing.
 */
public interface RunDigests {

  /** Records facts about the run; creates the digest on the first one. */
  void record(UUID runId, Facts facts, Instant seenAt);

  Optional<RunDigest> get(UUID runId);

  /** Digests not sent whose first event is older than the given time. */
  List<RunDigest> unsentSince(Instant before);

  /**
   * Takes the right to send the digest, so two instances (or two events of one run handled at once)
   * never both send it. A claim that is not followed by {@link #markSent} in time expires, and the
   * deadline sweep sends the digest then.
   */
  boolean claimSending(UUID runId, Instant now, java.time.Duration lease);

  void markSent(UUID runId);

  /** Gives the claim up after a failed send, so a retry can send. */
  void releaseSending(UUID runId);

  /** What one event tells about its run; nulls and empty sets add nothing. */
  record Facts(
      @Nullable String policy,
      @Nullable Instant scheduledTime,
      @Nullable Boolean dryRun,
      boolean plan,
      Collection<String> planned,
      Collection<String> plannedDeletions,
      Collection<String> skipped,
      Collection<String> created,
      Collection<String> deleted,
      Collection<String> failed) {

    /** The run was requested. */
    public static Facts requested(String policy, Instant scheduledTime) {
      return new Facts(
          policy,
          scheduledTime,
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }

    /** The run's plan: what it set out to take and delete, and what it skipped. */
    public static Facts planned(
        String policy,
        Instant scheduledTime,
        boolean dryRun,
        Collection<String> snapshots,
        Collection<String> deletions,
        Collection<String> skipped) {
      return new Facts(
          policy,
          scheduledTime,
          dryRun,
          true,
          snapshots,
          deletions,
          skipped,
          List.of(),
          List.of(),
          List.of());
    }

    public static Facts snapshotCreated(String policy, String snapshot) {
      return new Facts(
          policy,
          null,
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(snapshot),
          List.of(),
          List.of());
    }

    public static Facts snapshotDeleted(String policy, String snapshot) {
      return new Facts(
          policy,
          null,
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(snapshot),
          List.of());
    }

    /** A failed snapshot, recorded as "identifier: reason". */
    public static Facts snapshotFailed(String policy, String snapshot, String reason) {
      return new Facts(
          policy,
          null,
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(snapshot + ": " + reason));
    }
  }
}
