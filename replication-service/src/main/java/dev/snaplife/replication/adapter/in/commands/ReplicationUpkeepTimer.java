package dev.snaplife.replication.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.replication.application.ExpireCopies;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The hourly upkeep, fired by its schedule: once per tick, whichever replica receives it. */
@Component
class ReplicationUpkeepTimer implements CommandHandler<JsonNode> {

  private final ExpireCopies expire;

  ReplicationUpkeepTimer(ExpireCopies expire) {
    this.expire = expire;
  }

  @Override
  public String command() {
    return ExpireCopies.TIMER;
  }

  @Override
  public Class<JsonNode> payloadType() {
    return JsonNode.class;
  }

  @Override
  public void handle(Command<JsonNode> timer) {
    expire.run(timer.id());
  }
}
