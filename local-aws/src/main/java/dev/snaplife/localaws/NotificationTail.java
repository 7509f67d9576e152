package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the environment tells people, as they would get it: a queue subscribed to the info and
 * alerts topics (the way an e-mail or chat subscription would be), printed as messages arrive. The
 * queue is the operator's own ({@code <env>-operator-notifications}) and stays for the next tail.
 */
final class NotificationTail {

  private final AwsTarget aws;
  private final ResourceNames names;
  private final JsonMapper json = JsonMapper.builder().build();

  NotificationTail(AwsTarget aws, ResourceNames names) {
    this.aws = aws;
    this.names = names;
  }

  /** Prints what arrives, until the duration passes (forever when null). */
  void follow(PrintStream out, Duration forHowLong) {
    try (SqsClient sqs = aws.client(SqsClient.builder());
        SnsClient sns = aws.client(SnsClient.builder())) {
      String account = aws.accountId();
      String topicPrefix = "arn:aws:sns:" + aws.region().id() + ":" + account + ":";
      String queueUrl =
          TopicSubscriber.queueOn(
              sqs,
              sns,
              names.environment() + "-operator-notifications",
              Map.of("RawMessageDelivery", "false"),
              List.of(topicPrefix + names.infoTopic(), topicPrefix + names.alertsTopic()));
      out.println(
          "following " + names.infoTopic() + " and " + names.alertsTopic() + " (Ctrl-C stops)");
      Instant until = forHowLong == null ? Instant.MAX : Instant.now().plus(forHowLong);
      while (Instant.now().isBefore(until)) {
        List<Message> messages =
            sqs.receiveMessage(
                    b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(10))
                .messages();
        for (Message m : messages) {
          print(out, m.body());
          sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
    }
  }

  private void print(PrintStream out, String body) {
    JsonNode n = json.readTree(body);
    String topic = n.path("TopicArn").asString("");
    out.println(
        "── "
            + n.path("Timestamp").asString("")
            + "  "
            + topic.substring(topic.lastIndexOf(':') + 1)
            + "  "
            + n.path("MessageAttributes").path("severity").path("Value").asString(""));
    out.println(n.path("Subject").asString("(no subject)"));
    out.println(n.path("Message").asString(""));
  }
}
