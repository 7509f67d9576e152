package dev.snaplife.replication.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.replication.application.CopySnapshots;
import org.springframework.stereotype.Component;

/** A copy waiting for a copy slot (or for quota) is woken to try again. */
@Component
class WakeCopyCommand implements CommandHandler<CopySnapshots.Wake> {

  private final CopySnapshots copies;

  WakeCopyCommand(CopySnapshots copies) {
    this.copies = copies;
  }

  @Override
  public String command() {
    return CopySnapshots.WAKE;
  }

  @Override
  public Class<CopySnapshots.Wake> payloadType() {
    return CopySnapshots.Wake.class;
  }

  @Override
  public void handle(Command<CopySnapshots.Wake> command) {
    copies.wake(command);
  }
}
