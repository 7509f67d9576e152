package dev.snaplife.replication.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.replication.application.ReplicateSnapshot;
import org.springframework.stereotype.Component;

/** A snapshot that was still being created or re-encrypted comes back to be shared and copied. */
@Component
class ResumeReplicationCommand implements CommandHandler<ReplicateSnapshot.Resume> {

  private final ReplicateSnapshot replicate;

  ResumeReplicationCommand(ReplicateSnapshot replicate) {
    this.replicate = replicate;
  }

  @Override
  public String command() {
    return ReplicateSnapshot.RESUME;
  }

  @Override
  public Class<ReplicateSnapshot.Resume> payloadType() {
    return ReplicateSnapshot.Resume.class;
  }

  @Override
  public void handle(Command<ReplicateSnapshot.Resume> command) {
    replicate.resume(command);
  }
}
