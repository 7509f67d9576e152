package dev.snaplife.snapshot.application.port;

import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.Collection;

/**
 * The EventBridge Scheduler schedules requesting runs of the backup policies, one per policy that
 * has a schedule; none for a policy that has none or is no longer configured.
 */
public interface BackupSchedules {

  void reconcile(Collection<BackupPolicy> policies);
}
