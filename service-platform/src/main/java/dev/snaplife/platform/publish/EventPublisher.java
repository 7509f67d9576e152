package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import java.util.List;

/**
 * Puts events on the Snaplife bus. Returns only when every event is accepted; otherwise it throws,
 * and the caller's message is redelivered (deterministic event ids make the re-publish harmless).
 */
public interface EventPublisher {

  void publish(List<? extends EventEnvelope<?>> events);

  default void publish(EventEnvelope<?> event) {
    publish(List.of(event));
  }

  /** Whether the event fits one bus entry; one that does not must be split before publishing. */
  boolean fits(EventEnvelope<?> event);
}
