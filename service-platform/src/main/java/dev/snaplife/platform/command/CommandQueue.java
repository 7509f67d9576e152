package dev.snaplife.platform.command;

import java.time.Duration;
import java.util.List;

/**
 * The service's own queue, for commands: timers-as-messages. A delayed command is the service's way
 * to come back to something later (a snapshot being created) without a timer running in every
 * replica; whichever replica receives it does the work, once.
 */
public interface CommandQueue {

  /** The wire's detail-type of a command the service sent itself. */
  String DETAIL_TYPE = "Snaplife Command";

  /** SQS delays a message at most 15 minutes; longer waits are chains of commands. */
  Duration MAX_DELAY = Duration.ofMinutes(15);

  /** Returns once every command is on the queue; throws (and the caller is retried) otherwise. */
  void send(List<OutgoingCommand> commands);

  default void send(OutgoingCommand command) {
    send(List.of(command));
  }
}
