package dev.snaplife.replication.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.replication.application.CopySnapshots;
import org.springframework.stereotype.Component;

/** The delayed check of a copy in progress. */
@Component
class FollowCopyCommand implements CommandHandler<CopySnapshots.Follow> {

  private final CopySnapshots copies;

  FollowCopyCommand(CopySnapshots copies) {
    this.copies = copies;
  }

  @Override
  public String command() {
    return CopySnapshots.FOLLOW;
  }

  @Override
  public Class<CopySnapshots.Follow> payloadType() {
    return CopySnapshots.Follow.class;
  }

  @Override
  public void handle(Command<CopySnapshots.Follow> command) {
    copies.check(command);
  }
}
