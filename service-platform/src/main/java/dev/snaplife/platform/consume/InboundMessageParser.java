package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a queue message: an EventBridge event whose detail is a Snaplife envelope, or a native AWS
 * event. Anything else, or anything not routed to this service, is an {@link
 * InvalidEventException}: it cannot succeed on a retry.
 */
final class InboundMessageParser {

  private final EventCodec codec;
  private final SnaplifeService service;
  private final Routing.Subscription subscription;

  InboundMessageParser(EventCodec codec, SnaplifeService service) {
    this.codec = codec;
    this.service = service;
    this.subscription = Routing.subscriptionOf(service);
  }

  InboundEvent parse(String body) {
    JsonNode message;
    try {
      message = codec.mapper().readTree(body);
    } catch (JacksonException e) {
      throw new InvalidEventException("message body is not JSON: " + e.getOriginalMessage());
    }
    if (message == null || !message.isObject()) {
      throw new InvalidEventException("message body is not a JSON object");
    }
    String source = text(message, "source");
    String detailType = text(message, "detail-type");
    JsonNode detail = message.get("detail");
    if (source == null || detailType == null || detail == null) {
      throw new InvalidEventException(
          "not an EventBridge event: source, detail-type and detail are required");
    }
    if (source.startsWith("aws.")) {
      return parseNative(message, source, detailType, detail);
    }
    return parseSnaplife(source, detailType, detail);
  }

  private InboundEvent parseSnaplife(String source, String detailType, JsonNode detail) {
    EventType type =
        EventType.fromDetailType(detailType)
            .orElseThrow(() -> new InvalidEventException("unknown detail-type " + detailType));
    if (!subscription.events().contains(type)) {
      throw new InvalidEventException(detailType + " is not routed to " + service);
    }
    if (!Routing.producersOf(type).contains(source)) {
      throw new InvalidEventException(
          source + " is not a producer of " + detailType + " in the routing table");
    }
    EventEnvelope<?> envelope = codec.fromTree(detail);
    if (!envelope.eventType().equals(detailType)) {
      throw new InvalidEventException(
          "detail-type " + detailType + " carries a " + envelope.eventType() + " envelope");
    }
    return new InboundEvent.Snaplife(envelope);
  }

  private InboundEvent parseNative(
      JsonNode message, String source, String detailType, JsonNode detail) {
    NativeEventType type =
        NativeEventType.of(source, detailType)
            .orElseThrow(
                () -> new InvalidEventException("unknown AWS event " + source + "/" + detailType));
    if (!subscription.nativeEvents().contains(type)) {
      throw new InvalidEventException(type + " is not routed to " + service);
    }
    String id = text(message, "id");
    String time = text(message, "time");
    if (id == null || time == null) {
      throw new InvalidEventException("AWS event without id or time");
    }
    Instant at;
    try {
      at = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("AWS event time is not ISO-8601: " + e.getMessage());
    }
    List<String> resources = new ArrayList<>();
    JsonNode resourcesNode = message.get("resources");
    if (resourcesNode != null && resourcesNode.isArray()) {
      resourcesNode.forEach(r -> resources.add(r.asString()));
    }
    return new InboundEvent.Native(
        new NativeEvent(
            id,
            type,
            String.valueOf(text(message, "account")),
            String.valueOf(text(message, "region")),
            at,
            List.copyOf(resources),
            detail));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.asString().isBlank()
        ? value.asString()
        : null;
  }
}
