package dev.snaplife.notifier.adapter.in.commands;

import dev.snaplife.notifier.application.NotifyOutcomes;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import org.springframework.stereotype.Component;

/** A run's digest deadline came, or its chain of checks moves one step closer. */
@Component
class DigestDeadlineListener implements CommandHandler<NotifyOutcomes.DeadlineCheck> {

  private final NotifyOutcomes notifyOutcomes;

  DigestDeadlineListener(NotifyOutcomes notifyOutcomes) {
    this.notifyOutcomes = notifyOutcomes;
  }

  @Override
  public String command() {
    return NotifyOutcomes.DEADLINE;
  }

  @Override
  public Class<NotifyOutcomes.DeadlineCheck> payloadType() {
    return NotifyOutcomes.DeadlineCheck.class;
  }

  @Override
  public void handle(Command<NotifyOutcomes.DeadlineCheck> command) {
    notifyOutcomes.checkDeadline(command.payload());
  }
}
