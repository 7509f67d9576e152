package dev.snaplife.platform.consume;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's queue as provisioned, checked at start-up against the service's delivery settings:
 * it exists, it has a dead-letter queue, and together they keep the relations of {@link
 * DeliveryPolicy} (lease inside the visibility timeout, a retry window that outlasts an outage,
 * processed ids remembered as long as dead letters). Any problem refuses the start, naming the
 * property.
 *
 * @param delivery the policy in force: the service's settings with the queue's actual attributes
 */
public record QueueBinding(
    String queueName, String queueUrl, String deadLetterQueueUrl, DeliveryPolicy delivery) {

  public Duration visibilityTimeout() {
    return delivery.visibilityTimeout();
  }

  public int maxReceiveCount() {
    return delivery.maxReceiveCount();
  }

  /** Reads the queue's and its DLQ's attributes and checks them against the expected policy. */
  public static QueueBinding resolve(
      SqsAsyncClient sqs, String queueName, DeliveryPolicy expected) {
    String queueUrl = queueUrl(sqs, queueName, null);
    Map<QueueAttributeName, String> attributes =
        attributes(
            sqs,
            queueUrl,
            QueueAttributeName.REDRIVE_POLICY,
            QueueAttributeName.VISIBILITY_TIMEOUT,
            QueueAttributeName.MESSAGE_RETENTION_PERIOD);
    String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (redrive == null || redrive.isBlank()) {
      throw new SnaplifeConfigurationException(
          "snaplife.events.queue",
          "queue '"
              + queueName
              + "' has no dead-letter queue (RedrivePolicy); every Snaplife"
              + " queue needs one");
    }
    JsonNode policy = JsonMapper.builder().build().readTree(redrive);
    String[] dlqArn = policy.path("deadLetterTargetArn").asString().split(":");
    if (dlqArn.length != 6) {
      throw new SnaplifeConfigurationException(
          "snaplife.events.queue", "queue '" + queueName + "' has a malformed RedrivePolicy");
    }
    String dlqUrl = queueUrl(sqs, dlqArn[5], dlqArn[4]);
    String dlqRetention =
        attributes(sqs, dlqUrl, QueueAttributeName.MESSAGE_RETENTION_PERIOD)
            .get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
    DeliveryPolicy actual =
        expected.withQueue(
            seconds(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)),
            policy.path("maxReceiveCount").asInt(),
            seconds(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)),
            seconds(dlqRetention));
    List<String> problems = actual.violations();
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(
          problems.stream().map(p -> p + " (queue '" + queueName + "')").toList());
    }
    return new QueueBinding(queueName, queueUrl, dlqUrl, actual);
  }

  private static String queueUrl(SqsAsyncClient sqs, String name, String owner) {
    try {
      return sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(owner))
          .join()
          .queueUrl();
    } catch (CompletionException e) {
      if (e.getCause() instanceof QueueDoesNotExistException) {
        throw new SnaplifeConfigurationException(
            "snaplife.events.queue",
            "queue '"
                + name
                + "' does not exist; provision the environment first (scripts/local.sh up does"
                + " it locally)");
      }
      throw e;
    }
  }

  private static Map<QueueAttributeName, String> attributes(
      SqsAsyncClient sqs, String queueUrl, QueueAttributeName... names) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(names))
        .join()
        .attributes();
  }

  private static Duration seconds(String value) {
    return Duration.ofSeconds(value == null ? 0 : Long.parseLong(value));
  }
}
