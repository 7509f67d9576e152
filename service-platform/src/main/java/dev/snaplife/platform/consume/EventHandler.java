package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import java.util.Set;

/**
 * Handles Snaplife event types routed to this service; a handler usually switches over {@code
 * event.data()}. The platform has already parsed and validated the event and claimed its id: a
 * handler runs once per event id unless it throws.
 *
 * <p>Throw {@link dev.snaplife.contracts.json.InvalidEventException} for input that can never
 * succeed (it goes to the DLQ at once, with the reason); anything else is treated as transient and
 * retried with backoff until the queue's redrive policy gives up on it.
 */
public interface EventHandler {

  /** The types this handler takes; each routed type must have exactly one handler. */
  Set<EventType> eventTypes();

  void handle(EventEnvelope<?> event);
}
