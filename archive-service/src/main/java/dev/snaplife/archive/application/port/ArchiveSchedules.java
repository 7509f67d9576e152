package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.ArchivePolicy;
import java.util.Collection;

/**
 * The EventBridge Scheduler schedules requesting runs of the archive policies, one per policy that
 * has a schedule; none for a policy that has none or is no longer configured.
 */
public interface ArchiveSchedules {

  void reconcile(Collection<ArchivePolicy> policies);
}
