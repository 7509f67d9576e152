package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * Builds the envelopes a service publishes. Event ids are derived, not random: handling the same
 * event again (a redelivery, a replay, a crash before the message was deleted) publishes events
 * with the same ids, which every consumer's idempotency check then drops.
 */
public final class OutgoingEvents {

  private final String producer;
  private final Clock clock;

  public OutgoingEvents(String producer, Clock clock) {
    this.producer = producer;
    this.clock = clock;
  }

  /**
   * An event caused by another, in the same lifecycle.
   *
   * @param key tells apart the events of one type a cause can lead to (for example the snapshot
   *     identifier when one request snapshots many databases)
   */
  public <E extends SnaplifeEvent> EventEnvelope<E> causedBy(
      EventEnvelope<?> cause, E data, String key) {
    return causedBy(cause, cause.lifecycleId(), data, key);
  }

  /** An event caused by another that starts a lifecycle of its own (one per snapshot, say). */
  public <E extends SnaplifeEvent> EventEnvelope<E> causedBy(
      EventEnvelope<?> cause, UUID lifecycleId, E data, String key) {
    return causedBy(cause.eventId(), lifecycleId, data, key);
  }

  /** As above, for work that outlives the cause's delivery (it keeps only the cause's id). */
  public <E extends SnaplifeEvent> EventEnvelope<E> causedBy(
      UUID causeEventId, UUID lifecycleId, E data, String key) {
    UUID eventId = derive(causeEventId + "/" + data.type().detailType() + "/" + key);
    return EventEnvelope.of(eventId, clock.instant(), lifecycleId, causeEventId, producer, data);
  }

  /**
   * An event about a subject that exists once (a snapshot, by its ARN): whichever delivery,
   * request, poll or AWS notification reports it, the event id is the same, so consumers see the
   * fact once.
   */
  public <E extends SnaplifeEvent> EventEnvelope<E> aboutSubject(
      UUID causeEventId, UUID lifecycleId, E data, String subject) {
    UUID eventId = derive(producer + "/" + data.type().detailType() + "/" + subject);
    return EventEnvelope.of(eventId, clock.instant(), lifecycleId, causeEventId, producer, data);
  }

  /** An event with no Snaplife cause (from a native AWS event, or a timer), keyed by its origin. */
  public <E extends SnaplifeEvent> EventEnvelope<E> originating(
      E data, UUID lifecycleId, String originKey) {
    UUID eventId = derive(producer + "/" + data.type().detailType() + "/" + originKey);
    return EventEnvelope.of(eventId, clock.instant(), lifecycleId, null, producer, data);
  }

  /**
   * A request EventBridge Scheduler stands behind (relayed with {@link ScheduledRequests}): one per
   * firing of the schedule, the same for every delivery of that firing.
   */
  public <E extends SnaplifeEvent> EventEnvelope<E> scheduled(
      E data, String scheduleArn, java.time.Instant scheduledTime) {
    UUID eventId =
        derive(
            SnaplifeService.SCHEDULER_SOURCE
                + "/"
                + data.type().detailType()
                + "/"
                + scheduleArn
                + "/"
                + scheduledTime);
    return EventEnvelope.of(
        eventId, clock.instant(), eventId, null, SnaplifeService.SCHEDULER_SOURCE, data);
  }

  /** A lifecycle id derived from what it follows (a snapshot ARN), so every stage agrees on it. */
  public static UUID lifecycleIdOf(String subject) {
    return derive("lifecycle/" + subject);
  }

  /** A name-based UUID: the same name always gives the same id. */
  public static UUID derive(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
