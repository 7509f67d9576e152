package dev.snaplife.platform.consume;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's queue as provisioned, checked at start-up: it exists, it has a dead-letter queue,
 * and its visibility timeout leaves room for the claim lease.
 */
public record QueueBinding(
    String queueName,
    String queueUrl,
    String deadLetterQueueUrl,
    Duration visibilityTimeout,
    int maxReceiveCount) {

  /** Reads the queue's attributes; any problem is a start-up failure naming the property. */
  public static QueueBinding resolve(SqsAsyncClient sqs, String queueName, Duration claimLease) {
    String queueUrl;
    try {
      queueUrl = sqs.getQueueUrl(b -> b.queueName(queueName)).join().queueUrl();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof QueueDoesNotExistException) {
        throw new IllegalStateException(
            "snaplife.events.queue: queue '"
                + queueName
                + "' does not exist; provision the environment first (scripts/local.sh up does"
                + " it locally)");
      }
      throw e;
    }
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.REDRIVE_POLICY,
                            QueueAttributeName.VISIBILITY_TIMEOUT))
            .join()
            .attributes();
    String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (redrive == null || redrive.isBlank()) {
      throw new IllegalStateException(
          "snaplife.events.queue: queue '"
              + queueName
              + "' has no dead-letter queue (RedrivePolicy); every Snaplife queue needs one");
    }
    JsonNode policy = JsonMapper.builder().build().readTree(redrive);
    String dlqArn = policy.path("deadLetterTargetArn").asString();
    int maxReceiveCount = policy.path("maxReceiveCount").asInt();
    String[] arn = dlqArn.split(":");
    if (arn.length != 6) {
      throw new IllegalStateException(
          "snaplife.events.queue: queue '" + queueName + "' has a malformed RedrivePolicy");
    }
    String dlqUrl =
        sqs.getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).join().queueUrl();
    Duration visibility =
        Duration.ofSeconds(Long.parseLong(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)));
    if (claimLease.compareTo(visibility) >= 0) {
      throw new IllegalStateException(
          "snaplife.events.claim-lease: "
              + claimLease
              + " must be shorter than queue '"
              + queueName
              + "' visibility timeout of "
              + visibility
              + ", or a redelivery would find the event still claimed by a crashed consumer");
    }
    return new QueueBinding(queueName, queueUrl, dlqUrl, visibility, maxReceiveCount);
  }
}
