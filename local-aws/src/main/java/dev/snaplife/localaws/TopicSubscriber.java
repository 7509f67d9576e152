package dev.snaplife.localaws;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS queue subscribed to SNS topics: how a person ({@code scripts/local.sh notifications}) or a
 * test reads what the notifier sends.
 */
public final class TopicSubscriber {

  private TopicSubscriber() {}

  /**
   * Creates the queue (or finds it) and subscribes it to each topic.
   *
   * @param subscriptionAttributes e.g. {@code FilterPolicy}, {@code RawMessageDelivery}
   * @return the queue's URL
   */
  public static String queueOn(
      SqsClient sqs,
      SnsClient sns,
      String queueName,
      Map<String, String> subscriptionAttributes,
      List<String> topicArns) {
    String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    for (String topicArn : topicArns) {
      sns.subscribe(
          b ->
              b.topicArn(topicArn)
                  .protocol("sqs")
                  .endpoint(queueArn)
                  .attributes(subscriptionAttributes));
    }
    return queueUrl;
  }
}
