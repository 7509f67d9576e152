package dev.snaplife.archive.adapter.out.scheduler;

import dev.snaplife.archive.application.port.ArchiveSchedules;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.platform.schedule.PolicySchedule;
import dev.snaplife.platform.schedule.PolicySchedules;
import java.util.Collection;

/**
 * One EventBridge Scheduler schedule per scheduled archive policy, {@code archive-<policy>}, firing
 * the archive-policy timer with the policy's name (seed 001: a monthly cron at 01:30).
 */
public final class SchedulerArchiveSchedules implements ArchiveSchedules {

  public static final String PREFIX = "archive-";

  private final PolicySchedules schedules;

  public SchedulerArchiveSchedules(PolicySchedules schedules) {
    this.schedules = schedules;
  }

  @Override
  public void reconcile(Collection<ArchivePolicy> policies) {
    schedules.reconcile(
        policies.stream()
            .filter(p -> p.schedule() != null)
            .map(p -> PolicySchedule.naming(p.name(), p.schedule(), p.scheduleTimezone()))
            .toList());
  }
}
