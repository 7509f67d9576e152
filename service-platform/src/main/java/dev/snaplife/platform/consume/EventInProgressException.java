package dev.snaplife.platform.consume;

import java.time.Instant;

/** Another consumer holds the event's claim; the message comes back when that lease ends. */
public class EventInProgressException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Instant leaseExpiresAt;

  public EventInProgressException(String eventId, Instant leaseExpiresAt) {
    super("event " + eventId + " is being handled elsewhere until " + leaseExpiresAt);
    this.leaseExpiresAt = leaseExpiresAt;
  }

  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }
}
