package dev.snaplife.platform.consume;

import java.time.Instant;

/**
 * Which event ids this service has handled: the idempotency record behind "at-least-once in,
 * exactly-once effect". A claim is taken before the handler runs, completed after its effects and
 * outgoing events are durable, and released if it fails, so that the retry can run.
 */
public interface ProcessedEvents {

  Claim claim(String eventId, String eventType);

  /**
   * Renews the claim's lease while its handler runs (the heartbeat); false when the claim is no
   * longer ours (the lease ran out and another consumer took it over).
   */
  boolean extend(Claim.Claimed claim);

  /** Marks the claimed event as handled, for the retention period. */
  void complete(Claim.Claimed claim);

  /** Gives the claim up after a failure, so the redelivery can handle the event. */
  void release(Claim.Claimed claim);

  /** What claiming an event id found. */
  sealed interface Claim {
    String eventId();

    /** Ours to handle; the token proves it when completing or releasing. */
    record Claimed(String eventId, String token) implements Claim {}

    /** Handled before: a duplicate delivery or a replay. */
    record AlreadyProcessed(String eventId, Instant processedAt) implements Claim {}

    /** Being handled by another consumer right now; its lease ends at the given time. */
    record HeldElsewhere(String eventId, Instant leaseExpiresAt) implements Claim {}
  }
}
