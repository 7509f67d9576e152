package dev.snaplife.platform.consume;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Timer;
import dev.snaplife.platform.command.CommandQueue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

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
    if (detailType.equals(CommandQueue.DETAIL_TYPE)) {
      return parseCommand(message, source, detail);
    }
    if (detailType.equals(Timer.DETAIL_TYPE)) {
      return parseTimer(message, source, detail);
    }
    return parseSnaplife(source, detailType, detail);
  }

  /** Only the service itself sends commands to its queue: no service calls another. */
  private InboundEvent parseCommand(JsonNode message, String source, JsonNode detail) {
    if (!source.equals(service.source())) {
      throw new InvalidEventException(
          "a command from " + source + "; only " + service.source() + " sends commands here");
    }
    String name = text(detail, "command");
    UUID id = uuid(text(message, "id"));
    if (name == null || id == null) {
      throw new InvalidEventException("a command needs a uuid id and detail.command");
    }
    JsonNode payload = detail.get("payload");
    return new InboundEvent.Command(
        name,
        id,
        instant(text(message, "time")),
        payload == null ? NullNode.instance : payload,
        source);
  }

  /**
   * A Scheduler firing: its id derives from the schedule and the scheduled time, so the Scheduler's
   * own retries of one firing are one command however many replicas receive them.
   */
  private InboundEvent parseTimer(JsonNode message, String source, JsonNode detail) {
    if (!source.equals(SnaplifeService.SCHEDULER_SOURCE)) {
      throw new InvalidEventException("a timer from " + source + ", not the scheduler");
    }
    String timer = text(detail, "timer");
    String schedule = text(detail, "schedule");
    Instant scheduledTime = instant(text(message, "time"));
    if (timer == null || schedule == null) {
      throw new InvalidEventException("a timer needs detail.timer and detail.schedule");
    }
    UUID id =
        UUID.nameUUIDFromBytes(
            ("timer/" + service.serviceName() + "/" + schedule + "/" + scheduledTime)
                .getBytes(StandardCharsets.UTF_8));
    JsonNode payload = detail.get("payload");
    return new InboundEvent.Command(
        timer, id, scheduledTime, payload == null ? NullNode.instance : payload, schedule);
  }

  private static UUID uuid(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Instant instant(String value) {
    if (value == null) {
      throw new InvalidEventException("missing time");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("time is not ISO-8601: " + value);
    }
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
