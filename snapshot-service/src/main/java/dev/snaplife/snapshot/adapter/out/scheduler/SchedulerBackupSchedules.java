package dev.snaplife.snapshot.adapter.out.scheduler;

import dev.snaplife.platform.schedule.PolicySchedule;
import dev.snaplife.platform.schedule.PolicySchedules;
import dev.snaplife.snapshot.application.port.BackupSchedules;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.Collection;

/**
 * One EventBridge Scheduler schedule per scheduled backup policy, {@code backup-<policy>}, firing
 * the backup-policy timer with the policy's name.
 */
public final class SchedulerBackupSchedules implements BackupSchedules {

  public static final String PREFIX = "backup-";

  private final PolicySchedules schedules;

  public SchedulerBackupSchedules(PolicySchedules schedules) {
    this.schedules = schedules;
  }

  @Override
  public void reconcile(Collection<BackupPolicy> policies) {
    schedules.reconcile(
        policies.stream()
            .filter(p -> p.schedule().expression() != null)
            .map(
                p ->
                    PolicySchedule.naming(
                        p.name(), p.schedule().expression(), p.schedule().timezone()))
            .toList());
  }
}
