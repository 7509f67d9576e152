package dev.snaplife.snapshot.adapter.in.startup;

import dev.snaplife.snapshot.application.ScheduleBackupPolicies;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Brings the policies' schedules and catalogue in line with this configuration when the service
 * starts, so adding or changing a policy takes a restart, not a rebuild or a deployment.
 */
@Component
class PolicySchedulesAtStartup implements ApplicationRunner {

  private final ScheduleBackupPolicies schedules;

  PolicySchedulesAtStartup(ScheduleBackupPolicies schedules) {
    this.schedules = schedules;
  }

  @Override
  public void run(ApplicationArguments args) {
    schedules.reconcile();
  }
}
