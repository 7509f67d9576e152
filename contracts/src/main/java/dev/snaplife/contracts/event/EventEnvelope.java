package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What travels as the EventBridge {@code detail} of every Snaplife event.
 *
 * @param eventId the idempotency key: a redelivery or replay carries the same id
 * @param eventType the detail-type, one of {@link EventType}
 * @param schemaVersion the version of the event type's schema the data was written with
 * @param occurredAt when the fact happened
 * @param lifecycleId one id that follows a snapshot (or an archive) through every stage
 * @param causationId the event that caused this one; absent for events that start a flow
 * @param producer the service (or scheduler) that published it
 * @param data the event itself
 */
public record EventEnvelope<E extends SnaplifeEvent>(
    UUID eventId,
    String eventType,
    int schemaVersion,
    Instant occurredAt,
    UUID lifecycleId,
    @Nullable UUID causationId,
    String producer,
    E data) {

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(lifecycleId, "lifecycleId");
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(data, "data");
    if (!eventType.equals(data.type().detailType())) {
      throw new IllegalArgumentException(
          "eventType " + eventType + " does not match data " + data.type().detailType());
    }
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be at least 1");
    }
  }

  /** An envelope for a new event at the type's current schema version. */
  public static <E extends SnaplifeEvent> EventEnvelope<E> of(
      UUID eventId,
      Instant occurredAt,
      UUID lifecycleId,
      @Nullable UUID causationId,
      String producer,
      E data) {
    EventType type = data.type();
    return new EventEnvelope<>(
        eventId,
        type.detailType(),
        type.schemaVersion(),
        occurredAt,
        lifecycleId,
        causationId,
        producer,
        data);
  }

  public EventType type() {
    return data.type();
  }
}
