package dev.snaplife.platform.consume;

import dev.snaplife.contracts.json.InvalidEventException;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The one listener shape of every service: parse, claim, dispatch, complete. Returning normally
 * lets the container delete the message, which happens only once the effect, the outgoing events
 * and the claim's completion are durable. Poison goes to the DLQ at once; a transient failure
 * releases the claim and propagates, so the container's backoff brings the message back.
 */
public final class InboundEventProcessor implements MessageListener<String> {

  private static final Logger log = LoggerFactory.getLogger(InboundEventProcessor.class);
  static final String METRIC = "snaplife.events.consumed";

  private final InboundMessageParser parser;
  private final EventHandlers handlers;
  private final ProcessedEvents processedEvents;
  private final DeadLetterQueue deadLetters;
  private final MeterRegistry meters;

  InboundEventProcessor(
      InboundMessageParser parser,
      EventHandlers handlers,
      ProcessedEvents processedEvents,
      DeadLetterQueue deadLetters,
      MeterRegistry meters) {
    this.parser = parser;
    this.handlers = handlers;
    this.processedEvents = processedEvents;
    this.deadLetters = deadLetters;
    this.meters = meters;
  }

  @Override
  public void onMessage(Message<String> message) {
    InboundEvent event;
    try {
      event = parser.parse(message.getPayload());
    } catch (InvalidEventException e) {
      deadLetter(message, "unknown", e);
      return;
    }
    ProcessedEvents.Claim claim = processedEvents.claim(event.id(), event.typeName());
    switch (claim) {
      case ProcessedEvents.Claim.AlreadyProcessed done -> {
        log.info(
            "skipping {} {}: already processed at {}",
            event.typeName(),
            event.id(),
            done.processedAt());
        count(event.typeName(), "duplicate");
      }
      case ProcessedEvents.Claim.HeldElsewhere held -> {
        count(event.typeName(), "in-progress-elsewhere");
        throw new EventInProgressException(held.eventId(), held.leaseExpiresAt());
      }
      case ProcessedEvents.Claim.Claimed ours -> handle(message, event, ours);
    }
  }

  private void handle(
      Message<String> message, InboundEvent event, ProcessedEvents.Claim.Claimed claim) {
    try {
      handlers.dispatch(event);
    } catch (InvalidEventException e) {
      processedEvents.release(claim);
      deadLetter(message, event.typeName(), e);
      return;
    } catch (RuntimeException e) {
      processedEvents.release(claim);
      count(event.typeName(), "failed");
      log.warn("{} {} failed, will be retried: {}", event.typeName(), event.id(), e.toString());
      throw e;
    }
    processedEvents.complete(claim);
    count(event.typeName(), "handled");
    log.info("handled {} {}", event.typeName(), event.trace());
  }

  private void deadLetter(Message<String> message, String type, InvalidEventException e) {
    deadLetters.send(message, e.getMessage());
    count(type, "dead-lettered");
    log.warn(
        "sent message {} to the DLQ: {}",
        message.getHeaders().get("Sqs_RawMessageId"),
        e.getMessage());
  }

  private void count(String type, String outcome) {
    meters.counter(METRIC, "type", type, "outcome", outcome).increment();
  }
}
