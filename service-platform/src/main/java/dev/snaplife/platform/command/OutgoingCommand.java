package dev.snaplife.platform.command;

import java.time.Duration;
import java.util.UUID;

/**
 * A command to send to the service's own queue.
 *
 * @param id derived from what the command stands for, so sending it again (a redelivered handler)
 *     is dropped by the claim
 * @param payload written as JSON
 * @param delay how long SQS holds it back, at most 15 minutes
 */
public record OutgoingCommand(String name, UUID id, Object payload, Duration delay) {

  public OutgoingCommand {
    if (delay.isNegative() || delay.compareTo(CommandQueue.MAX_DELAY) > 0) {
      throw new IllegalArgumentException("delay " + delay + " is not 0 to 15 minutes");
    }
  }
}
