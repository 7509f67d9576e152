package dev.snaplife.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bus → rule → queue, as provisioned from the routing table: every event type, published by its
 * producer, lands on exactly the queues of the services that subscribe to it, and AWS's native
 * events only on the snapshot service's queue.
 */
class EventRoutingIntegrationTest {

  private final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void eachEventTypeReachesExactlyTheQueuesOfItsSubscribers() {
    Map<UUID, EventType> published = new HashMap<>();
    for (EventType type : EventType.values()) {
      String producer = Routing.producersOf(type).iterator().next();
      EventEnvelope<?> event = Events.envelope(Events.sample(type), producer);
      aws.publishAs(producer, event);
      published.put(event.eventId(), type);
    }

    Map<SnaplifeService, Set<EventType>> received = new EnumMap<>(SnaplifeService.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (SnaplifeService service : SnaplifeService.values()) {
                for (var message : aws.drain(aws.queueUrl(service), Duration.ZERO)) {
                  JsonNode detail = json.readTree(message.body()).get("detail");
                  EventType type = published.get(UUID.fromString(detail.get("eventId").asString()));
                  received.computeIfAbsent(service, s -> EnumSet.noneOf(EventType.class)).add(type);
                }
              }
              for (SnaplifeService service : SnaplifeService.values()) {
                assertThat(received.getOrDefault(service, Set.of()))
                    .as("event types on %s's queue", service)
                    .containsExactlyInAnyOrderElementsOf(Routing.subscriptionOf(service).events());
              }
            });
  }

  @Test
  void nativeRdsAndBackupEventsTheServiceActsOnReachOnlyTheSnapshotService() {
    for (NativeEventType type : NativeEventType.values()) {
      Routing.subscriptionOf(SnaplifeService.SNAPSHOT)
          .nativeFilters()
          .get(type)
          .forEach(
              (field, values) ->
                  aws.putAwsEvent(
                      type,
                      "{\""
                          + field
                          + "\":\""
                          + values.get(0)
                          + "\",\"probe\":\""
                          + aws.names().environment()
                          + "\"}"));
    }
    // RDS's other snapshot events (deleted, shared…) and unfinished backup jobs never reach it.
    aws.putAwsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, "{\"EventID\":\"RDS-EVENT-0041\"}");
    aws.putAwsEvent(NativeEventType.BACKUP_JOB_STATE_CHANGE, "{\"state\":\"RUNNING\"}");

    Set<String> detailTypes = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              aws.drain(aws.queueUrl(SnaplifeService.SNAPSHOT), Duration.ZERO)
                  .forEach(
                      m -> detailTypes.add(json.readTree(m.body()).get("detail-type").asString()));
              assertThat(detailTypes)
                  .containsExactlyInAnyOrder(
                      "RDS DB Snapshot Event",
                      "RDS DB Cluster Snapshot Event",
                      "Backup Job State Change");
            });
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> aws.drain(aws.queueUrl(SnaplifeService.SNAPSHOT), Duration.ZERO).isEmpty());
    for (SnaplifeService other : EnumSet.complementOf(EnumSet.of(SnaplifeService.SNAPSHOT))) {
      assertThat(aws.drain(aws.queueUrl(other), Duration.ZERO)).as("%s's queue", other).isEmpty();
    }
  }
}
