package dev.snaplife.cli.operator;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsUnavailableException;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts an event on the environment's bus as the operator ({@link SnaplifeService#OPERATOR_SOURCE}),
 * as EventBridge Scheduler or a service would: the consuming services' rules route it to their
 * queues like any other.
 */
public final class OperatorBus {

  private final EventBridgeClient events;
  private final ResourceNames names;
  private final AwsCalls aws;
  private final Clock clock;
  private final EventCodec codec = new EventCodec();

  public OperatorBus(EventBridgeClient events, AwsCalls aws, Clock clock) {
    this.events = events;
    this.names = aws.names();
    this.aws = aws;
    this.clock = clock;
  }

  public String bus() {
    return names.eventBus();
  }

  /**
   * Publishes the event in a new envelope: a new event id, and a new lifecycle id (a request by
   * hand starts a flow).
   *
   * @throws IllegalArgumentException when the routing table does not let an operator publish the
   *     event's type: the consumers' rules would never deliver it
   * @throws AwsUnavailableException when the bus does not exist, or refuses or loses the entry
   */
  public <E extends SnaplifeEvent> EventEnvelope<E> publish(E event) {
    if (!Routing.producersOf(event.type()).contains(SnaplifeService.OPERATOR_SOURCE)) {
      throw new IllegalArgumentException(
          "the routing table does not let "
              + SnaplifeService.OPERATOR_SOURCE
              + " publish "
              + event.type().detailType()
              + " (allowed: "
              + String.join(", ", Routing.producersOf(event.type()))
              + ")");
    }
    EventEnvelope<E> envelope =
        EventEnvelope.of(
            UUID.randomUUID(),
            clock.instant(),
            UUID.randomUUID(),
            null,
            SnaplifeService.OPERATOR_SOURCE,
            event);
    String resource = "event bus " + names.eventBus();
    PutEventsResponse response =
        aws.call(
            "PutEvents",
            resource,
            () ->
                events.putEvents(
                    b ->
                        b.entries(
                            PutEventsRequestEntry.builder()
                                .eventBusName(names.eventBus())
                                .source(SnaplifeService.OPERATOR_SOURCE)
                                .detailType(envelope.eventType())
                                .detail(codec.toJson(envelope))
                                .build())));
    PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().get(0);
    if (entry == null || entry.errorCode() != null) {
      String error =
          entry == null ? "no result entry" : entry.errorCode() + ": " + entry.errorMessage();
      if (error.contains("NotFound") || error.contains("does not exist")) {
        throw aws.missing(resource, new IllegalStateException(error));
      }
      throw new AwsUnavailableException(
          "AWS refused the event on " + resource + " at " + aws.where() + ": " + error);
    }
    return envelope;
  }
}
