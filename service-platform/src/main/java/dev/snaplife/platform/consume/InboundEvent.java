package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventEnvelope;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** What a queue message turned out to carry. */
sealed interface InboundEvent {

  /** The idempotency key. */
  String id();

  /** For logs and metrics. */
  String typeName();

  /** Ids that let on-call follow the event across services in the logs. */
  String trace();

  record Snaplife(EventEnvelope<?> envelope) implements InboundEvent {
    @Override
    public String id() {
      return envelope.eventId().toString();
    }

    @Override
    public String typeName() {
      return envelope.eventType();
    }

    @Override
    public String trace() {
      return "event "
          + envelope.eventId()
          + " lifecycle "
          + envelope.lifecycleId()
          + " caused by "
          + envelope.causationId()
          + " from "
          + envelope.producer();
    }
  }

  /** A command the service sent itself, or a timer EventBridge Scheduler fired into its queue. */
  record Command(String name, UUID commandId, Instant time, JsonNode payload, String origin)
      implements InboundEvent {
    @Override
    public String id() {
      return commandId.toString();
    }

    @Override
    public String typeName() {
      return name;
    }

    @Override
    public String trace() {
      return "command " + commandId + " (" + name + ") from " + origin + " at " + time;
    }
  }

  record Native(NativeEvent event) implements InboundEvent {
    @Override
    public String id() {
      return event.id();
    }

    @Override
    public String typeName() {
      return event.type().detailType();
    }

    @Override
    public String trace() {
      return "event " + event.id() + " for " + event.resources() + " in " + event.account();
    }
  }
}
