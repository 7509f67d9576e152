package dev.snaplife.snapshot.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.snapshot.application.FollowSnapshots;
import org.springframework.stereotype.Component;

/** A run's delayed follow-up of its snapshots still being created. */
@Component
class FollowUpListener implements CommandHandler<FollowSnapshots.FollowUp> {

  private final FollowSnapshots follow;

  FollowUpListener(FollowSnapshots follow) {
    this.follow = follow;
  }

  @Override
  public String command() {
    return FollowSnapshots.COMMAND;
  }

  @Override
  public Class<FollowSnapshots.FollowUp> payloadType() {
    return FollowSnapshots.FollowUp.class;
  }

  @Override
  public void handle(Command<FollowSnapshots.FollowUp> command) {
    follow.check(command);
  }
}
