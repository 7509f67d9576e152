package dev.snaplife.cli.dlq;

import dev.snaplife.contracts.routing.DeadLetterAttributes;
import dev.snaplife.contracts.routing.Timer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an engineer needs to know about one message in a dead-letter queue, read without judging it:
 * the body may be a Snaplife event, a timer or command, a native AWS event, or garbage.
 *
 * @param messageId the SQS message id in the DLQ, which {@code replay --id} takes
 * @param eventType the Snaplife event type; {@code timer:NAME}, {@code command:NAME}, the AWS
 *     detail-type; {@code unparseable} (not JSON) or {@code not-an-event} (JSON, not EventBridge)
 * @param eventId the event's id (the consumers' idempotency key), or the EventBridge id
 * @param database the database the event is about, when its data names one
 * @param receiveCount deliveries on the source queue (the platform's attribute), else on the DLQ
 * @param reason why the platform dead-lettered it; null when the queue's redrive policy moved it
 *     after its retries ran out
 * @param sourceQueue the queue it came from, when the platform recorded it
 * @param firstFailedAt when it was dead-lettered (the platform's attribute), else when it was sent
 * @param preview the start of the body, for a message that is not an event
 */
public record DeadLetter(
    String messageId,
    String eventType,
    @Nullable String eventId,
    @Nullable String lifecycleId,
    @Nullable String database,
    @Nullable Integer receiveCount,
    @Nullable String reason,
    @Nullable String sourceQueue,
    @Nullable Instant firstFailedAt,
    @Nullable String preview) {

  static final int PREVIEW_LENGTH = 80;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static DeadLetter of(Message message) {
    Map<String, MessageAttributeValue> attributes = message.messageAttributes();
    Integer receiveCount =
        attribute(attributes, DeadLetterAttributes.RECEIVE_COUNT)
            .or(
                () ->
                    Optional.ofNullable(
                        message
                            .attributes()
                            .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
            .flatMap(DeadLetter::integer)
            .orElse(null);
    Instant firstFailedAt =
        attribute(attributes, DeadLetterAttributes.DEAD_LETTERED_AT)
            .flatMap(DeadLetter::instant)
            .or(() -> sentAt(message))
            .orElse(null);
    String reason = attribute(attributes, DeadLetterAttributes.REASON).orElse(null);
    String sourceQueue = attribute(attributes, DeadLetterAttributes.SOURCE_QUEUE).orElse(null);
    Body body = Body.read(message.body());
    return new DeadLetter(
        message.messageId(),
        body.type(),
        body.eventId(),
        body.lifecycleId(),
        body.database(),
        receiveCount,
        reason,
        sourceQueue,
        firstFailedAt,
        body.preview());
  }

  /** When SQS accepted the message into the DLQ (or, after a redrive, into its first queue). */
  static Optional<Instant> sentAt(Message message) {
    return Optional.ofNullable(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
        .flatMap(
            millis -> {
              try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  /** What the body says, as far as it can be read. */
  private record Body(
      String type,
      @Nullable String eventId,
      @Nullable String lifecycleId,
      @Nullable String database,
      @Nullable String preview) {

    static Body read(String body) {
      JsonNode message;
      try {
        message = JSON.readTree(body);
      } catch (JacksonException e) {
        return opaque("unparseable", body);
      }
      if (message == null || !message.isObject()) {
        return opaque("unparseable", body);
      }
      String detailType = text(message, "detail-type");
      JsonNode detail = message.get("detail");
      if (detailType == null || detail == null || !detail.isObject()) {
        return opaque("not-an-event", body);
      }
      String id = text(message, "id");
      if (detailType.equals(Timer.DETAIL_TYPE)) {
        return new Body("timer:" + text(detail, "timer"), id, null, null, null);
      }
      if (detail.has("command")) {
        return new Body("command:" + text(detail, "command"), id, null, null, null);
      }
      String eventType = text(detail, "eventType");
      if (eventType == null) {
        // A native AWS event (RDS, AWS Backup): its detail names the database directly.
        return new Body(detailType, id, null, text(detail, "SourceIdentifier"), null);
      }
      JsonNode data = detail.path("data");
      String database =
          Optional.ofNullable(text(data.path("snapshot"), "sourceIdentifier"))
              .or(() -> Optional.ofNullable(text(data, "databaseIdentifier")))
              .or(() -> Optional.ofNullable(text(data, "sourceIdentifier")))
              .orElse(null);
      return new Body(
          eventType, text(detail, "eventId"), text(detail, "lifecycleId"), database, null);
    }

    private static Body opaque(String type, String body) {
      String preview =
          body.length() <= PREVIEW_LENGTH ? body : body.substring(0, PREVIEW_LENGTH) + "…";
      return new Body(type, null, null, null, preview);
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.asString().isBlank()
        ? value.asString()
        : null;
  }

  private static Optional<String> attribute(
      Map<String, MessageAttributeValue> attributes, String name) {
    return Optional.ofNullable(attributes.get(name)).map(MessageAttributeValue::stringValue);
  }

  private static Optional<Integer> integer(String value) {
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
