package dev.snaplife.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every service must do from its first day, checked against the emulator with the real
 * listener: start healthy on its own queue, and handle each event type the routing table sends it,
 * once. A service's test extends this with its application class.
 */
public abstract class ServiceIntegrationContract {

  private final EmulatorEnvironment aws;
  private final SnaplifeService service;

  @LocalServerPort int port;

  protected ServiceIntegrationContract(EmulatorEnvironment aws, SnaplifeService service) {
    this.aws = aws;
    this.service = service;
  }

  @Test
  void startsHealthyListeningOnItsOwnQueue() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"").contains(aws.names().queue(service));
  }

  @Test
  void handlesEveryEventTypeTheRoutingTableSendsIt() {
    List<EventEnvelope<?>> sent = new ArrayList<>();
    for (EventType type : Routing.subscriptionOf(service).events()) {
      String producer = Routing.producersOf(type).iterator().next();
      EventEnvelope<?> event = Events.envelope(Events.sample(type), producer);
      aws.publishAs(producer, event);
      sent.add(event);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sent)
                    .allSatisfy(
                        event ->
                            assertThat(processedStatus(event.eventId().toString()))
                                .as("%s %s", event.eventType(), event.eventId())
                                .isEqualTo("COMPLETED")));
    assertThat(aws.drain(aws.deadLetterQueueUrl(service), Duration.ZERO)).isEmpty();
  }

  @Test
  void handlesEveryNativeAwsEventTheRoutingTableSendsIt() {
    Map<String, NativeEventType> sent = new java.util.HashMap<>();
    Routing.Subscription subscription = Routing.subscriptionOf(service);
    for (NativeEventType type : subscription.nativeEvents()) {
      // A detail the service's rule lets through: the first value of every filtered field.
      Map<String, Object> detail = new java.util.TreeMap<>();
      detail.put("SourceIdentifier", "orders-db");
      if (type.source().equals("aws.rds")) {
        // As RDS sends them: the snapshot's ARN beside its identifier.
        detail.put(
            "SourceArn",
            "arn:aws:rds:us-east-1:"
                + aws.target().accountId()
                + (type == NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT
                    ? ":cluster-snapshot:"
                    : ":snapshot:")
                + "orders-db");
      }
      subscription
          .nativeFilters()
          .get(type)
          .forEach((field, values) -> detail.put(field, values.get(0)));
      String eventId =
          aws.putAwsEvent(
              type,
              tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(detail));
      sent.put(eventId, type);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sent.keySet())
                    .allSatisfy(
                        id ->
                            assertThat(processedStatus(id))
                                .as("%s", sent.get(id))
                                .isEqualTo("COMPLETED")));
  }

  private String processedStatus(String eventId) {
    Map<String, AttributeValue> item =
        aws.dynamo()
            .getItem(
                b ->
                    b.tableName(aws.names().processedEventsTable(service))
                        .key(Map.of("eventId", AttributeValue.fromS(eventId)))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? null : item.get("status").s();
  }
}
