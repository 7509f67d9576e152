package dev.snaplife.snapshot.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.snapshot.application.ScheduleBackupPolicies;
import org.springframework.stereotype.Component;

/** A policy's schedule fired. */
@Component
class BackupPolicyTimer implements CommandHandler<ScheduleBackupPolicies.Firing> {

  private final ScheduleBackupPolicies schedules;

  BackupPolicyTimer(ScheduleBackupPolicies schedules) {
    this.schedules = schedules;
  }

  @Override
  public String command() {
    return ScheduleBackupPolicies.TIMER;
  }

  @Override
  public Class<ScheduleBackupPolicies.Firing> payloadType() {
    return ScheduleBackupPolicies.Firing.class;
  }

  @Override
  public void handle(Command<ScheduleBackupPolicies.Firing> timer) {
    schedules.fired(timer);
  }
}
