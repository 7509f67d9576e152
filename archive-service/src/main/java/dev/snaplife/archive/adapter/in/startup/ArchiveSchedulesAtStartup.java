package dev.snaplife.archive.adapter.in.startup;

import dev.snaplife.archive.application.ScheduleArchivePolicies;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Brings the policies' schedules and bucket lifecycle rules in line with this configuration when
 * the service starts.
 */
@Component
class ArchiveSchedulesAtStartup implements ApplicationRunner {

  private final ScheduleArchivePolicies schedules;

  ArchiveSchedulesAtStartup(ScheduleArchivePolicies schedules) {
    this.schedules = schedules;
  }

  @Override
  public void run(ApplicationArguments args) {
    schedules.reconcile();
  }
}
