package dev.snaplife.replication.application.port;

import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.replication.domain.Location;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * replication-service's own table: each copy's progress, the copy slots of each destination (RDS
 * allows only so many cross-region copies in flight), and the copies waiting for a slot.
 */
public interface CopyJournal {

  Optional<CopyRecord> find(String copyKey);

  void save(CopyRecord record);

  /** Takes one of the location's {@code limit} slots for this copy; true if it holds one now. */
  boolean acquireSlot(Location location, String copyKey, int limit);

  /** Gives the copy's slot back; a copy holding none is a no-op. */
  void releaseSlot(Location location, String copyKey);

  void addWaiting(Location location, String copyKey, Instant since);

  void removeWaiting(Location location, String copyKey);

  /** The copies waiting for a slot in the location, longest-waiting first. */
  List<String> waiting(Location location);

  /**
   * One copy to one destination.
   *
   * @param request what was asked, kept so a waiting copy can start later without its message
   * @param causeEventId the SnapshotCopyRequested event
   * @param copyArn once started
   */
  record CopyRecord(
      String copyKey,
      Status status,
      SnapshotCopyRequested request,
      UUID causeEventId,
      UUID lifecycleId,
      @Nullable String copyArn,
      @Nullable Instant startedAt) {

    public CopyRecord with(Status newStatus, @Nullable String arn, @Nullable Instant started) {
      return new CopyRecord(copyKey, newStatus, request, causeEventId, lifecycleId, arn, started);
    }
  }

  enum Status {
    /** Just asked for, not yet recorded. */
    REQUESTED,
    WAITING,
    COPYING,
    COPIED,
    FAILED
  }
}
