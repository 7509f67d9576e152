package dev.snaplife.snapshot.application.port;

import java.util.Collection;
import java.util.Set;

/**
 * Snapshots whose SnapshotCreated went out on RDS's own event, so the fallback poll need not
 * describe them again.
 */
public interface ReportedSnapshots {

  void markReported(String snapshotArn);

  /** Which of these were reported; one call per hundred. */
  Set<String> reported(Collection<String> snapshotArns);
}
