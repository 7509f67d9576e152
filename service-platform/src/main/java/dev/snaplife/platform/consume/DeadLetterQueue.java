package dev.snaplife.platform.consume;

import dev.snaplife.contracts.routing.DeadLetterAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a poison message straight to the service's DLQ with the reason as message attributes,
 * without burning the queue's retries. The caller deletes the original only after this returns, so
 * a failure here leaves the message on its queue rather than losing it. The attribute names are
 * {@link DeadLetterAttributes}', shared with the {@code snaplife dlq} command that reads them.
 */
public final class DeadLetterQueue {

  public static final String REASON = DeadLetterAttributes.REASON;
  public static final String SOURCE_QUEUE = DeadLetterAttributes.SOURCE_QUEUE;
  public static final String DEAD_LETTERED_AT = DeadLetterAttributes.DEAD_LETTERED_AT;
  public static final String ORIGINAL_MESSAGE_ID = DeadLetterAttributes.ORIGINAL_MESSAGE_ID;
  public static final String RECEIVE_COUNT = DeadLetterAttributes.RECEIVE_COUNT;

  /** SQS allows 256 KiB for the whole message; a reason is a sentence, not a document. */
  static final int MAX_REASON_LENGTH = 1024;

  private final SqsAsyncClient sqs;
  private final QueueBinding queue;
  private final Clock clock;

  public DeadLetterQueue(SqsAsyncClient sqs, QueueBinding queue, Clock clock) {
    this.sqs = sqs;
    this.queue = queue;
    this.clock = clock;
  }

  public void send(Message<String> message, String reason) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    attributes.put(REASON, text(truncate(reason)));
    attributes.put(SOURCE_QUEUE, text(queue.queueName()));
    attributes.put(DEAD_LETTERED_AT, text(clock.instant().toString()));
    header(message, "Sqs_RawMessageId")
        .ifPresent(id -> attributes.put(ORIGINAL_MESSAGE_ID, text(id)));
    header(message, "Sqs_Msa_ApproximateReceiveCount")
        .ifPresent(count -> attributes.put(RECEIVE_COUNT, text(count)));
    sqs.sendMessage(
            b ->
                b.queueUrl(queue.deadLetterQueueUrl())
                    .messageBody(message.getPayload())
                    .messageAttributes(attributes))
        .join();
  }

  private static java.util.Optional<String> header(Message<String> message, String name) {
    Object value = message.getHeaders().get(name);
    return java.util.Optional.ofNullable(value).map(Object::toString);
  }

  private static String truncate(String reason) {
    String r = reason == null || reason.isBlank() ? "no reason given" : reason;
    return r.length() <= MAX_REASON_LENGTH ? r : r.substring(0, MAX_REASON_LENGTH - 1) + "…";
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
