package dev.snaplife.archive.adapter.in.commands;

import dev.snaplife.archive.application.ScheduleArchivePolicies;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;

/** An archive policy's schedule fired. */
@Component
class ArchivePolicyTimer implements CommandHandler<ScheduleArchivePolicies.Firing> {

  private final ScheduleArchivePolicies schedules;

  ArchivePolicyTimer(ScheduleArchivePolicies schedules) {
    this.schedules = schedules;
  }

  @Override
  public String command() {
    return ScheduleArchivePolicies.TIMER;
  }

  @Override
  public Class<ScheduleArchivePolicies.Firing> payloadType() {
    return ScheduleArchivePolicies.Firing.class;
  }

  @Override
  public void handle(Command<ScheduleArchivePolicies.Firing> timer) {
    schedules.fired(timer);
  }
}
