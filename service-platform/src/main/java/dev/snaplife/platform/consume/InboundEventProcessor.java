package dev.snaplife.platform.consume;

import dev.snaplife.contracts.json.InvalidEventException;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The one listener shape of every service: parse, claim, dispatch under a heartbeat, complete.
 * Returning normally lets the container delete the message, which happens only once the effect, the
 * outgoing events and the claim's completion are durable.
 *
 * <ul>
 *   <li>Poison (unparseable, invalid, unrouted input, or a handler's permanent failure) goes to the
 *       DLQ at once with its reason.
 *   <li>A transient failure releases the claim and propagates, so {@link RedeliveryBackoff} brings
 *       the message back later; on its last allowed delivery it goes to the DLQ with the last error
 *       as its reason, rather than being moved there by the redrive policy without one.
 *   <li>A duplicate whose claim is held elsewhere comes back when that lease ends.
 * </ul>
 */
public final class InboundEventProcessor implements MessageListener<String> {

  private static final Logger log = LoggerFactory.getLogger(InboundEventProcessor.class);
  static final String METRIC = "snaplife.events.consumed";
  static final String RECEIVE_COUNT_HEADER = "Sqs_Msa_ApproximateReceiveCount";

  private final InboundMessageParser parser;
  private final EventHandlers handlers;
  private final ProcessedEvents processedEvents;
  private final DeadLetterQueue deadLetters;
  private final Heartbeats heartbeats;
  private final int maxReceiveCount;
  private final MeterRegistry meters;

  InboundEventProcessor(
      InboundMessageParser parser,
      EventHandlers handlers,
      ProcessedEvents processedEvents,
      DeadLetterQueue deadLetters,
      Heartbeats heartbeats,
      int maxReceiveCount,
      MeterRegistry meters) {
    this.parser = parser;
    this.handlers = handlers;
    this.processedEvents = processedEvents;
    this.deadLetters = deadLetters;
    this.heartbeats = heartbeats;
    this.maxReceiveCount = maxReceiveCount;
    this.meters = meters;
  }

  @Override
  public void onMessage(Message<String> message) {
    InboundEvent event;
    try {
      event = parser.parse(message.getPayload());
    } catch (InvalidEventException e) {
      deadLetter(message, "unknown", e.getMessage());
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
        if (lastDelivery(message)) {
          // The holder's own message carries the event; this copy would only be dead-lettered.
          count(event.typeName(), "duplicate-in-flight");
          return;
        }
        count(event.typeName(), "in-progress-elsewhere");
        throw new EventInProgressException(held.eventId(), held.leaseExpiresAt());
      }
      case ProcessedEvents.Claim.Claimed ours -> handle(message, event, ours);
    }
  }

  private void handle(
      Message<String> message, InboundEvent event, ProcessedEvents.Claim.Claimed claim) {
    try (Heartbeats.Beating beating = heartbeats.start(message, claim)) {
      handlers.dispatch(event);
    } catch (InvalidEventException | PermanentFailureException e) {
      processedEvents.release(claim);
      deadLetter(message, event.typeName(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      processedEvents.release(claim);
      count(event.typeName(), "failed");
      if (lastDelivery(message)) {
        deadLetter(
            message,
            event.typeName(),
            "failed on all " + maxReceiveCount + " deliveries; last error: " + e);
        return;
      }
      log.warn("{} {} failed, will be retried: {}", event.typeName(), event.id(), e.toString());
      throw e;
    }
    processedEvents.complete(claim);
    count(event.typeName(), "handled");
    log.info("handled {} {}", event.typeName(), event.trace());
  }

  private boolean lastDelivery(Message<String> message) {
    Object count = message.getHeaders().get(RECEIVE_COUNT_HEADER);
    try {
      return count != null && Long.parseLong(count.toString()) >= maxReceiveCount;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void deadLetter(Message<String> message, String type, String reason) {
    deadLetters.send(message, reason);
    count(type, "dead-lettered");
    log.warn(
        "sent message {} to the DLQ: {}", message.getHeaders().get("Sqs_RawMessageId"), reason);
  }

  private void count(String type, String outcome) {
    meters.counter(METRIC, "type", type, "outcome", outcome).increment();
  }
}
