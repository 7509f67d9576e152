package dev.snaplife.archive.adapter.in.commands;

import dev.snaplife.archive.application.VerifyArchive;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;

/** One archive's verification, sent after writing it or when its re-verification is due. */
@Component
class VerifyArchiveCommand implements CommandHandler<VerifyArchive.Request> {

  private final VerifyArchive verify;

  VerifyArchiveCommand(VerifyArchive verify) {
    this.verify = verify;
  }

  @Override
  public String command() {
    return VerifyArchive.COMMAND;
  }

  @Override
  public Class<VerifyArchive.Request> payloadType() {
    return VerifyArchive.Request.class;
  }

  @Override
  public void handle(Command<VerifyArchive.Request> command) {
    verify.verify(command);
  }
}
