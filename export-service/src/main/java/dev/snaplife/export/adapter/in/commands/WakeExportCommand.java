package dev.snaplife.export.adapter.in.commands;

import dev.snaplife.export.application.ExportSnapshots;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;

/** An export waiting for a slot, woken by one that freed it or by its own recheck. */
@Component
class WakeExportCommand implements CommandHandler<ExportSnapshots.Wake> {

  private final ExportSnapshots exports;

  WakeExportCommand(ExportSnapshots exports) {
    this.exports = exports;
  }

  @Override
  public String command() {
    return ExportSnapshots.WAKE;
  }

  @Override
  public Class<ExportSnapshots.Wake> payloadType() {
    return ExportSnapshots.Wake.class;
  }

  @Override
  public void handle(Command<ExportSnapshots.Wake> command) {
    exports.wake(command);
  }
}
