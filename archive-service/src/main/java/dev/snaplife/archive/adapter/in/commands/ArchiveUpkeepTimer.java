package dev.snaplife.archive.adapter.in.commands;

import dev.snaplife.archive.application.UpkeepArchives;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The hourly upkeep, fired by its schedule: once per tick, whichever replica receives it. */
@Component
class ArchiveUpkeepTimer implements CommandHandler<JsonNode> {

  private final UpkeepArchives upkeep;

  ArchiveUpkeepTimer(UpkeepArchives upkeep) {
    this.upkeep = upkeep;
  }

  @Override
  public String command() {
    return UpkeepArchives.TIMER;
  }

  @Override
  public Class<JsonNode> payloadType() {
    return JsonNode.class;
  }

  @Override
  public void handle(Command<JsonNode> timer) {
    upkeep.run(timer.id());
  }
}
