package dev.snaplife.e2e;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.localaws.TopicSubscriber;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the suite observes, as a subscriber would: every Snaplife event on the bus (a catch-all rule
 * into a queue of the test's own), and every message of the info and alerts SNS topics (a queue
 * subscribed to both), with the event each notification is about.
 */
final class LifecycleRecorder {

  /** One SNS message; {@code eventId} is null for digests and alarms. */
  record Notification(String eventType, String eventId, Instant at, String subject) {}

  private static final Pattern EVENT_LINE = Pattern.compile("(?m)^Event: (\\S+) ([0-9a-f-]{36})$");

  private final EmulatorEnvironment aws;
  private final EventProbe probe;
  private final String snsQueueUrl;
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<Notification> notifications = new CopyOnWriteArrayList<>();

  LifecycleRecorder(EmulatorEnvironment aws) {
    this.aws = aws;
    this.probe = aws.probe();
    this.snsQueueUrl =
        TopicSubscriber.queueOn(
            aws.sqs(),
            aws.target().client(SnsClient.builder()),
            aws.names().environment() + "-suite-notifications",
            Map.of(),
            List.of(aws.provisioned().infoTopicArn(), aws.provisioned().alertsTopicArn()));
  }

  /** Every event caught so far, redeliveries included. */
  List<EventEnvelope<?>> events() {
    return probe.received();
  }

  /** Every SNS message caught so far. */
  List<Notification> notifications() {
    for (var message : aws.drain(snsQueueUrl, Duration.ZERO)) {
      JsonNode body = json.readTree(message.body());
      String text = body.path("Message").asString();
      Instant at = Instant.parse(body.path("Timestamp").asString());
      String subject = body.path("Subject").asString();
      Matcher m = EVENT_LINE.matcher(text);
      List<String[]> found = new ArrayList<>();
      while (m.find()) {
        found.add(new String[] {m.group(1), m.group(2)});
      }
      if (found.size() == 1) {
        notifications.add(new Notification(found.get(0)[0], found.get(0)[1], at, subject));
      } else {
        notifications.add(new Notification(null, null, at, subject));
      }
    }
    return new ArrayList<>(notifications);
  }

  /** How many SNS messages name each event id. */
  Map<String, Long> notificationsPerEvent() {
    return notifications().stream()
        .filter(n -> n.eventId() != null)
        .collect(
            java.util.stream.Collectors.groupingBy(
                Notification::eventId, java.util.stream.Collectors.counting()));
  }
}
