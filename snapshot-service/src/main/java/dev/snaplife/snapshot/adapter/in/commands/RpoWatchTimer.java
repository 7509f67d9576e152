package dev.snaplife.snapshot.adapter.in.commands;

import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The recovery-point watch, fired by its schedule into this service's queue: once per tick for the
 * whole fleet, whichever replica receives it.
 */
@Component
class RpoWatchTimer implements CommandHandler<JsonNode> {

  private final WatchRecoveryPoints recoveryPoints;

  RpoWatchTimer(WatchRecoveryPoints recoveryPoints) {
    this.recoveryPoints = recoveryPoints;
  }

  @Override
  public String command() {
    return WatchRecoveryPoints.TIMER;
  }

  @Override
  public Class<JsonNode> payloadType() {
    return JsonNode.class;
  }

  @Override
  public void handle(Command<JsonNode> timer) {
    recoveryPoints.checkAll();
  }
}
