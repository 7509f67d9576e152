package dev.snaplife.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.AwsApiCallMetrics;
import dev.snaplife.platform.consume.DeadLetterQueue;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.platform.testservice.RecordingArchiveHandler;
import dev.snaplife.platform.testservice.TestArchiveService;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The platform's consuming side, with the real listener container against the emulator. */
@SpringBootTest(
    classes = TestArchiveService.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventListenerIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String SCHEDULER = "snaplife.scheduler";

  @DynamicPropertySource
  static void pointAtTheEmulator(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.ARCHIVE);
  }

  @Autowired RecordingArchiveHandler handler;
  @Autowired MeterRegistry meters;
  @LocalServerPort int port;

  @Test
  void anEventPublishedOnTheBusReachesTheSubscribedHandler() {
    EventEnvelope<ArchiveRequested> event = archiveRequest("orders");

    aws.publishAs(SCHEDULER, event);

    await().atMost(Duration.ofSeconds(20)).until(() -> handler.handledCount(event.eventId()) == 1);
    assertThat(processedStatus(event)).isEqualTo("COMPLETED");
  }

  @Test
  void theSameEventDeliveredTwiceHasOneEffect() {
    EventEnvelope<ArchiveRequested> event = archiveRequest("inventory");
    String message = aws.asEventBridgeMessage(SCHEDULER, event);

    aws.sendRaw(SnaplifeService.ARCHIVE, message);
    aws.sendRaw(SnaplifeService.ARCHIVE, message);

    await().atMost(Duration.ofSeconds(20)).until(() -> duplicatesSkipped() >= 1);
    assertThat(handler.handledCount(event.eventId())).isEqualTo(1);
    assertThat(handler.attempts.get(event.eventId())).hasValue(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesLeftOn(SnaplifeService.ARCHIVE) == 0);
  }

  @Test
  void aMalformedMessageLandsInTheDlqWithItsReasonAfterOneReceive() {
    aws.sendRaw(SnaplifeService.ARCHIVE, "{\"detail-type\": \"ArchiveRequested\", oops");

    Message dead = awaitDeadLetter();

    assertThat(dead.body()).isEqualTo("{\"detail-type\": \"ArchiveRequested\", oops");
    assertThat(attribute(dead, DeadLetterQueue.REASON)).startsWith("message body is not JSON");
    assertThat(attribute(dead, DeadLetterQueue.RECEIVE_COUNT)).isEqualTo("1");
    assertThat(attribute(dead, DeadLetterQueue.SOURCE_QUEUE))
        .isEqualTo(aws.names().queue(SnaplifeService.ARCHIVE));
    assertThat(dead.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .isEqualTo("1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesLeftOn(SnaplifeService.ARCHIVE) == 0);
  }

  @Test
  void anEventThatBreaksItsSchemaIsDeadLetteredNamingTheField() {
    String valid = aws.asEventBridgeMessage(SCHEDULER, archiveRequest("billing"));
    String withoutSecretArn = valid.replaceFirst("\"secretArn\":\"[^\"]*\",", "");

    aws.sendRaw(SnaplifeService.ARCHIVE, withoutSecretArn);

    Message dead = awaitDeadLetter();
    assertThat(attribute(dead, DeadLetterQueue.REASON))
        .contains("ArchiveRequested does not match its schema")
        .contains("secretArn");
    assertThat(handler.handled).noneMatch(e -> e.eventId().toString().equals(idIn(valid)));
  }

  @Test
  void anEventFromAProducerTheRoutingTableDoesNotKnowIsDeadLettered() {
    aws.sendRaw(
        SnaplifeService.ARCHIVE,
        aws.asEventBridgeMessage("snaplife.intruder", archiveRequest("x")));

    Message dead = awaitDeadLetter();
    assertThat(attribute(dead, DeadLetterQueue.REASON))
        .isEqualTo("snaplife.intruder is not a producer of ArchiveRequested in the routing table");
  }

  @Test
  void aHandlerRejectingItsInputSendsItToTheDlqWithoutRetries() {
    EventEnvelope<ArchiveRequested> event = archiveRequest("reject");

    aws.publishAs(SCHEDULER, event);

    Message dead = awaitDeadLetter();
    assertThat(attribute(dead, DeadLetterQueue.REASON))
        .isEqualTo("database 'reject' is not in any archive policy");
    assertThat(handler.attempts.get(event.eventId())).hasValue(1);
    assertThat(processedStatus(event)).as("the claim is released for a later replay").isNull();
  }

  @Test
  void aTransientFailureIsRetriedWithBackoffAndThenSucceeds() {
    EventEnvelope<ArchiveRequested> event = archiveRequest("fail-once");

    aws.publishAs(SCHEDULER, event);

    await().atMost(Duration.ofSeconds(30)).until(() -> handler.handledCount(event.eventId()) == 1);
    assertThat(handler.attempts.get(event.eventId())).hasValue(2);
    assertThat(consumed("failed")).isGreaterThanOrEqualTo(1);
    assertThat(processedStatus(event)).isEqualTo("COMPLETED");
    assertThat(aws.drain(aws.deadLetterQueueUrl(SnaplifeService.ARCHIVE), Duration.ZERO)).isEmpty();
  }

  @Test
  void everyAwsCallIsCountedByServiceAndOperation() {
    EventEnvelope<ArchiveRequested> event = archiveRequest("metrics");
    aws.publishAs(SCHEDULER, event);
    await().atMost(Duration.ofSeconds(20)).until(() -> handler.handledCount(event.eventId()) == 1);

    assertThat(calls("DynamoDb", "PutItem")).isGreaterThanOrEqualTo(1);
    assertThat(calls("DynamoDb", "UpdateItem")).isGreaterThanOrEqualTo(1);
    assertThat(calls("Sqs", "ReceiveMessage")).isGreaterThanOrEqualTo(1);
    assertThat(calls("Sqs", "GetQueueAttributes")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void healthIsUpWhileTheListenerRuns() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  private EventEnvelope<ArchiveRequested> archiveRequest(String databaseName) {
    return Events.envelope(
        new ArchiveRequested(
            "yearly",
            "orders-db",
            "postgres",
            databaseName,
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders",
            Instant.parse("2026-11-20T02:00:00Z"),
            null,
            null),
        SCHEDULER);
  }

  private Message awaitDeadLetter() {
    String dlq = aws.deadLetterQueueUrl(SnaplifeService.ARCHIVE);
    List<Message> found = new java.util.ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> found.addAll(aws.drain(dlq, Duration.ofSeconds(1))));
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String attribute(Message message, String name) {
    var value = message.messageAttributes().get(name);
    return value == null ? null : value.stringValue();
  }

  private String processedStatus(EventEnvelope<?> event) {
    Map<String, AttributeValue> item =
        aws.dynamo()
            .getItem(
                b ->
                    b.tableName(aws.names().processedEventsTable(SnaplifeService.ARCHIVE))
                        .key(Map.of("eventId", AttributeValue.fromS(event.eventId().toString())))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? null : item.get("status").s();
  }

  private int messagesLeftOn(SnaplifeService service) {
    Map<QueueAttributeName, String> attributes =
        aws.sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(aws.queueUrl(service))
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private double duplicatesSkipped() {
    return consumed("duplicate");
  }

  private double consumed(String outcome) {
    var counter =
        meters
            .find("snaplife.events.consumed")
            .tag("type", EventType.ARCHIVE_REQUESTED.detailType())
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private long calls(String service, String operation) {
    var timer =
        meters
            .find(AwsApiCallMetrics.METRIC)
            .tag("service", service)
            .tag("operation", operation)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static String idIn(String message) {
    int at = message.indexOf("\"eventId\":\"") + 11;
    return message.substring(at, at + 36);
  }
}
