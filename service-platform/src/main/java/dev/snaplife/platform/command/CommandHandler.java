package dev.snaplife.platform.command;

/**
 * Handles one command by name: a timer routed to the service (see {@link
 * dev.snaplife.contracts.routing.Routing}), or a command the service sends itself with {@link
 * CommandQueue}. Same contract as an event handler: it runs once per command id unless it throws;
 * {@link dev.snaplife.contracts.json.InvalidEventException} sends the message to the dead-letter
 * queue at once, anything else is retried.
 *
 * @param <T> the payload's type, bound from the message's JSON
 */
public interface CommandHandler<T> {

  String command();

  Class<T> payloadType();

  void handle(Command<T> command);
}
