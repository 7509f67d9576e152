package dev.snaplife.platform.consume;

import java.time.Instant;

/** Another consumer holds the event's claim; the message comes back after its backoff. */
public class EventInProgressException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EventInProgressException(String eventId, Instant leaseExpiresAt) {
    super("event " + eventId + " is being handled elsewhere until " + leaseExpiresAt);
  }
}
