package dev.snaplife.export.adapter.in.commands;

import dev.snaplife.export.application.ExportUpkeep;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The upkeep, fired by its schedule: once per tick, whichever replica receives it. */
@Component
class ExportUpkeepTimer implements CommandHandler<JsonNode> {

  private final ExportUpkeep upkeep;

  ExportUpkeepTimer(ExportUpkeep upkeep) {
    this.upkeep = upkeep;
  }

  @Override
  public String command() {
    return ExportUpkeep.TIMER;
  }

  @Override
  public Class<JsonNode> payloadType() {
    return JsonNode.class;
  }

  @Override
  public void handle(Command<JsonNode> timer) {
    upkeep.run();
  }
}
