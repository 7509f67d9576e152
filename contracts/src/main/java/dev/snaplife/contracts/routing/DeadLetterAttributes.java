package dev.snaplife.contracts.routing;

/**
 * The SQS message attributes the platform attaches to a message it sends to a dead-letter queue, so
 * that whoever reads the DLQ (an on-call engineer, the {@code snaplife dlq} command) sees why and
 * from where. A message that the queue's redrive policy moved after its retries ran out carries
 * none of them.
 */
public final class DeadLetterAttributes {

  /** Why the platform gave up on the message: a sentence, at most 1024 characters. */
  public static final String REASON = "snaplife-dead-letter-reason";

  /** The name of the queue the message was read from (where a replay sends it back). */
  public static final String SOURCE_QUEUE = "snaplife-source-queue";

  /** When the platform dead-lettered it, ISO-8601. */
  public static final String DEAD_LETTERED_AT = "snaplife-dead-lettered-at";

  /** The SQS message id it had on the source queue. */
  public static final String ORIGINAL_MESSAGE_ID = "snaplife-original-message-id";

  /** How many times the source queue had delivered it. */
  public static final String RECEIVE_COUNT = "snaplife-receive-count";

  private DeadLetterAttributes() {}
}
