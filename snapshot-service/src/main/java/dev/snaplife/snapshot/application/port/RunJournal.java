package dev.snaplife.snapshot.application.port;

import dev.snaplife.contracts.event.SnapshotRef;
import java.util.List;
import java.util.UUID;

/**
 * What a run set out to delete, written before it deletes anything. A deleted snapshot disappears
 * from RDS, so a retry of a run that failed after a deletion finds its SnapshotDeleted here, not in
 * the fleet: no effect is left without its event.
 */
public interface RunJournal {

  /** The deletions an earlier attempt of the run recorded; empty for a first attempt. */
  List<SnapshotRef> plannedDeletions(UUID runId);

  void recordDeletions(UUID runId, List<SnapshotRef> planned);
}
