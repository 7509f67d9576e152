package dev.snaplife.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.DeletionReason;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.ledger.LedgerTable;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.localaws.TopicSubscriber;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcomes reach SQS queues subscribed to the info and alerts topics through filter policies, and
 * each backup run is summed up in one digest.
 */
@SpringBootTest(classes = NotifierServiceApplication.class)
class NotificationsIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final SnsClient sns = aws.target().client(SnsClient.builder());
  static final JsonMapper json = JsonMapper.builder().build();
  static final String SNAPSHOTS = "snaplife.snapshot-service";
  static final String SCHEDULER = "snaplife.scheduler";
  static final String REPLICATION = "snaplife.replication-service";

  /** Only snapshot creations, from the info topic. */
  static final String createdQueue =
      subscribe(
          aws.provisioned().infoTopicArn(), "created", "{\"event_type\":[\"SnapshotCreated\"]}");

  /** Everything of severity ALERT, from the alerts topic. */
  static final String alertsQueue =
      subscribe(aws.provisioned().alertsTopicArn(), "alerts", "{\"severity\":[\"ALERT\"]}");

  /** Only digests, from the info topic. */
  static final String digestQueue =
      subscribe(
          aws.provisioned().infoTopicArn(), "digests", "{\"event_type\":[\"BackupRunDigest\"]}");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.NOTIFIER);
    registry.add("snaplife.notifier.digest-deadline", () -> "4s");
  }

  @Test
  void aRunEndsInOneDigestListingWhatWasCreatedDeletedAndFailed() {
    EventEnvelope<BackupRequested> run =
        Events.envelope(
            new BackupRequested("daily", Instant.parse("2026-11-20T01:00:00Z"), null, false),
            SCHEDULER);
    UUID runId = run.eventId();
    var orders = Events.snapshot("orders-db");
    var billing = Events.snapshot("billing-db");
    var old = Events.snapshot("orders-old");

    aws.publishAs(SCHEDULER, run);
    aws.publishAs(
        SNAPSHOTS,
        Events.envelope(
            new BackupRunPlanned(
                "daily",
                runId,
                run.data().scheduledTime(),
                false,
                List.of(orders.snapshotIdentifier(), billing.snapshotIdentifier()),
                List.of("reporting-db"),
                List.of(old.snapshotIdentifier()),
                List.of()),
            SNAPSHOTS),
        Events.envelope(
            new SnapshotDeleted(old, "daily", DeletionReason.RETENTION, runId), SNAPSHOTS),
        Events.envelope(
            new SnapshotFailed(
                "daily",
                DatabaseKind.DB_INSTANCE,
                "billing-db",
                billing.snapshotIdentifier(),
                "postgres",
                "123456789012",
                "us-east-1",
                new Failure("quota reached", "SnapshotQuotaExceeded", true),
                runId),
            SNAPSHOTS));
    // The last outcome arrives after the others, as a slow snapshot would.
    aws.publishAs(
        SNAPSHOTS,
        Events.envelope(
            new SnapshotCreated(
                orders, "daily", SnapshotOrigin.SNAPLIFE, runId, run.data().scheduledTime(), 7),
            SNAPSHOTS));

    JsonNode digest = digestOf("daily");
    assertThat(digest.get("Subject").asString())
        .isEqualTo("[Snaplife] Backup run daily: 1 created, 1 deleted, 1 failed");
    assertThat(digest.get("Message").asString())
        .contains("Created (1):\n  - " + orders.snapshotIdentifier())
        .contains("Deleted (1):\n  - " + old.snapshotIdentifier())
        .contains(billing.snapshotIdentifier() + ": quota reached")
        .contains("reporting-db");
    assertThat(attribute(digest, "severity")).isEqualTo("ALERT");
  }

  @Test
  void aRunWhoseOutcomesDoNotArriveIsDigestedAsIncompleteAtTheDeadline() {
    UUID runId = UUID.randomUUID();
    var orders = Events.snapshot("slow-db");
    aws.publishAs(
        SNAPSHOTS,
        Events.envelope(
            new BackupRunPlanned(
                "slow",
                runId,
                Instant.parse("2026-11-20T02:00:00Z"),
                false,
                List.of(orders.snapshotIdentifier()),
                List.of(),
                List.of(),
                List.of()),
            SNAPSHOTS));

    JsonNode digest = digestOf("slow");

    assertThat(digest.get("Subject").asString()).endsWith("(incomplete)");
    assertThat(digest.get("Message").asString())
        .contains("INCOMPLETE at the digest deadline")
        .contains(orders.snapshotIdentifier());
  }

  @Test
  void eachCreationIsNotifiedOnceWithFilterableAttributesEvenWhenDeliveredTwice() {
    var snapshot = Events.snapshot("inventory-db");
    EventEnvelope<SnapshotCreated> created =
        Events.envelope(
            new SnapshotCreated(snapshot, "hourly", SnapshotOrigin.SNAPLIFE, null, null, 3),
            SNAPSHOTS);
    String message = aws.asEventBridgeMessage(SNAPSHOTS, created);

    aws.sendRaw(SnaplifeService.NOTIFIER, message);
    aws.sendRaw(SnaplifeService.NOTIFIER, message);

    List<JsonNode> notifications = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> notifications.addAll(all(createdQueue)) || !notifications.isEmpty());
    // The second delivery is dropped by the claim: nothing more arrives over a few seconds.
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> notifications.addAll(all(createdQueue)) || notifications.size() == 1);

    assertThat(notifications).hasSize(1);
    JsonNode n = notifications.get(0);
    assertThat(n.get("Subject").asString())
        .isEqualTo("[Snaplife] Snapshot created: inventory-db (hourly)");
    assertThat(n.get("Message").asString())
        .contains(snapshot.snapshotArn())
        .contains(created.eventId().toString());
    assertThat(attribute(n, "event_type")).isEqualTo("SnapshotCreated");
    assertThat(attribute(n, "severity")).isEqualTo("INFO");
    assertThat(attribute(n, "database")).isEqualTo("inventory-db");
    assertThat(attribute(n, "policy")).isEqualTo("hourly");
  }

  @Test
  void everyFactOfALifecycleIsInTheLedgerOnceWithWhereItWasNotified() {
    var source = Events.snapshot("ledger-db");
    var copy = Events.copyOf(source, "222222222222", "eu-west-1");
    UUID lifecycle = UUID.randomUUID();
    Instant at = Instant.parse("2026-11-20T01:00:31Z");
    var created =
        EventEnvelope.of(
            UUID.randomUUID(),
            at,
            lifecycle,
            null,
            SNAPSHOTS,
            new SnapshotCreated(source, "hourly", SnapshotOrigin.SNAPLIFE, null, null, 3));
    var requested =
        EventEnvelope.of(
            UUID.randomUUID(),
            at.plusSeconds(1),
            lifecycle,
            created.eventId(),
            REPLICATION,
            new SnapshotCopyRequested(
                source, "hourly", "dr", "dr-eu", "222222222222", "eu-west-1", Map.of()));
    var copied =
        EventEnvelope.of(
            UUID.randomUUID(),
            at.plusSeconds(9),
            lifecycle,
            requested.eventId(),
            REPLICATION,
            new SnapshotCopied(source, copy, "hourly", 3));

    aws.sendRaw(SnaplifeService.NOTIFIER, aws.asEventBridgeMessage(SNAPSHOTS, created));
    aws.sendRaw(SnaplifeService.NOTIFIER, aws.asEventBridgeMessage(SNAPSHOTS, created));
    aws.publishAs(REPLICATION, requested, copied);

    String table = aws.names().serviceTable(SnaplifeService.NOTIFIER, LedgerTable.TABLE);
    List<Map<String, AttributeValue>> entries =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> query(table, LedgerTable.lifecycleKey(lifecycle)), e -> e.size() >= 3);
    // The second delivery of the creation rewrote nothing new.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> query(table, LedgerTable.lifecycleKey(lifecycle)).size() == 3);

    assertThat(entries)
        .extracting(e -> e.get(LedgerTable.EVENT_TYPE).s())
        .containsExactly("SnapshotCreated", "SnapshotCopyRequested", "SnapshotCopied");
    assertThat(entries)
        .extracting(
            e -> e.get(LedgerTable.STAGE).s(),
            e -> e.get(LedgerTable.STATE).s(),
            e -> e.get(LedgerTable.SUBJECT).s())
        .containsExactly(
            tuple("SNAPSHOT", "DONE", ""),
            tuple("COPY", "IN_PROGRESS", "222222222222/eu-west-1"),
            tuple("COPY", "DONE", "222222222222/eu-west-1"));
    assertThat(entries)
        .extracting(e -> e.containsKey(LedgerTable.NOTIFIED) ? e.get(LedgerTable.NOTIFIED).s() : "")
        .as("a copy request is recorded, not announced")
        .containsExactly("info", "", "info");
    assertThat(entries).allSatisfy(e -> assertThat(e).containsKey(LedgerTable.EXPIRES_AT));
    assertThat(query(table, LedgerTable.databaseKey("ledger-db")))
        .singleElement()
        .satisfies(
            index -> {
              assertThat(index.get(LedgerTable.LIFECYCLE_ID).s()).isEqualTo(lifecycle.toString());
              assertThat(index.get(LedgerTable.SNAPSHOT).s())
                  .isEqualTo(source.snapshotIdentifier());
            });
    assertThat(query(table, LedgerTable.snapshotKey(source.snapshotIdentifier())))
        .extracting(i -> i.get(LedgerTable.LIFECYCLE_ID).s())
        .containsExactly(lifecycle.toString());
  }

  private static List<Map<String, AttributeValue>> query(String table, String key) {
    return aws.dynamo()
        .query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(key))))
        .items();
  }

  @Test
  void anRpoBreachGoesToTheAlertsTopic() {
    aws.publishAs(
        SNAPSHOTS,
        Events.envelope(
            new RecoveryPointObjectiveBreached(
                "hourly", DatabaseKind.DB_CLUSTER, "billing-aurora", 60, null, Instant.now()),
            SNAPSHOTS));

    JsonNode alert =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    all(alertsQueue).stream()
                        .filter(
                            a ->
                                "RecoveryPointObjectiveBreached".equals(attribute(a, "event_type")))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(alert.get("Subject").asString())
        .isEqualTo("[Snaplife] RPO BREACHED: billing-aurora (hourly)");
    assertThat(alert.get("Message").asString()).contains("Newest available snapshot: none");
  }

  private static String subscribe(String topicArn, String name, String filterPolicy) {
    return TopicSubscriber.queueOn(
        aws.sqs(),
        sns,
        aws.names().environment() + "-" + name,
        Map.of("FilterPolicy", filterPolicy),
        List.of(topicArn));
  }

  private static List<JsonNode> all(String queueUrl) {
    return aws.drain(queueUrl, Duration.ZERO).stream().map(m -> json.readTree(m.body())).toList();
  }

  private final List<JsonNode> digests = new ArrayList<>();

  /** The one digest of the policy's run; fails if a second one arrives. */
  private JsonNode digestOf(String policy) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> digests.addAll(all(digestQueue)) | matching(policy).size() > 0);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> true);
    digests.addAll(all(digestQueue));
    assertThat(matching(policy)).hasSize(1);
    return matching(policy).get(0);
  }

  private List<JsonNode> matching(String policy) {
    return digests.stream().filter(d -> policy.equals(attribute(d, "policy"))).toList();
  }

  private static String attribute(JsonNode notification, String name) {
    JsonNode value = notification.path("MessageAttributes").path(name).path("Value");
    return value.isMissingNode() ? null : value.asString();
  }
}
