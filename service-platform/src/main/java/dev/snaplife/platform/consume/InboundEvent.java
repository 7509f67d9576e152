package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventEnvelope;

/** What a queue message turned out to carry. */
sealed interface InboundEvent {

  /** The idempotency key. */
  String id();

  /** For logs and metrics. */
  String typeName();

  record Snaplife(EventEnvelope<?> envelope) implements InboundEvent {
    @Override
    public String id() {
      return envelope.eventId().toString();
    }

    @Override
    public String typeName() {
      return envelope.eventType();
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
  }
}
