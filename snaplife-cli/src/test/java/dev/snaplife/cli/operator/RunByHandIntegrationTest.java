package dev.snaplife.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.cli.CliRun;
import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code snaplife backup run} and {@code snaplife archive run} against a provisioned environment:
 * what they publish reaches the bus as the operator and the consuming services' queues; a backup
 * policy snapshot-service does not run is refused before anything is sent.
 */
class RunByHandIntegrationTest {

  private static final EmulatorEnvironment env = EmulatorEnvironment.provision();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant AT = Instant.parse("2026-12-06T02:00:00Z");

  @BeforeEach
  void noCatalogueAndEmptyQueues() {
    env.dynamo()
        .deleteItem(
            b -> b.tableName(catalogueTable()).key(Map.of("id", AttributeValue.fromS("policies"))));
    env.drain(env.queueUrl(SnaplifeService.SNAPSHOT), Duration.ZERO);
    env.drain(env.queueUrl(SnaplifeService.ARCHIVE), Duration.ZERO);
  }

  @Test
  void aRunOfAPolicyTheServiceRunsReachesTheBusAsTheOperator() {
    publishCatalogue("production-daily", "staging-weekly");
    EventProbe probe = env.probe(EventType.BACKUP_REQUESTED);
    Instant before = Instant.now();

    CliRun run = CliRun.run(env, "backup", "run", "production-daily", "--json");

    Instant after = Instant.now();
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode printed = JSON.readTree(run.out());
    UUID eventId = UUID.fromString(printed.get("eventId").asString());
    EventEnvelope<BackupRequested> published = awaitOne(probe, BackupRequested.class);
    assertThat(published.eventId()).isEqualTo(eventId);
    assertThat(published.producer()).isEqualTo(SnaplifeService.OPERATOR_SOURCE);
    assertThat(published.data().policy()).isEqualTo("production-daily");
    assertThat(published.data().scheduledTime())
        .isIn(before.truncatedTo(ChronoUnit.HOURS), after.truncatedTo(ChronoUnit.HOURS));
    assertThat(published.data().databaseIdentifiers()).isNull();
    assertThat(published.data().dryRun()).isFalse();
    assertThat(printed.get("scheduledTime").asString())
        .isEqualTo(published.data().scheduledTime().toString());
    assertThat(printed.get("policy").asString()).isEqualTo("production-daily");
    assertThat(printed.get("dryRun").asBoolean()).isFalse();
    assertThat(printed.get("bus").asString()).isEqualTo(env.names().eventBus());
    assertThat(printed.get("lifecycleId").asString()).isEqualTo(published.lifecycleId().toString());

    JsonNode delivered = awaitOnQueue(SnaplifeService.SNAPSHOT);
    assertThat(delivered.get("source").asString()).isEqualTo(SnaplifeService.OPERATOR_SOURCE);
    assertThat(delivered.get("detail-type").asString()).isEqualTo("BackupRequested");
    assertThat(delivered.get("detail").get("eventId").asString()).isEqualTo(eventId.toString());
  }

  @Test
  void aDryRunForSomeDatabasesAtAGivenTimeCarriesThemAll() {
    publishCatalogue("production-daily");
    EventProbe probe = env.probe(EventType.BACKUP_REQUESTED);

    CliRun run =
        CliRun.run(
            env,
            "backup",
            "run",
            "production-daily",
            "--dry-run",
            "--database",
            "prod-orders",
            "--database",
            "prod-billing",
            "--scheduled-time",
            AT.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    EventEnvelope<BackupRequested> published = awaitOne(probe, BackupRequested.class);
    assertThat(published.data())
        .isEqualTo(
            new BackupRequested(
                "production-daily", AT, List.of("prod-orders", "prod-billing"), true));
    assertThat(run.out())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "BackupRequested published on bus " + env.names().eventBus(),
                "  event id        " + published.eventId(),
                "  lifecycle id    " + published.lifecycleId(),
                "  policy          production-daily",
                "  scheduled time  2026-12-06T02:00:00Z",
                "  databases       prod-orders, prod-billing",
                "  dry run         yes (reports what it would do, changes nothing)",
                ""));
  }

  @Test
  void aPolicyTheServiceDoesNotRunIsRefusedListingTheKnownOnesAndNothingIsSent() {
    publishCatalogue("production-daily", "staging-weekly");
    EventProbe probe = env.probe(EventType.BACKUP_REQUESTED);

    CliRun run = CliRun.run(env, "backup", "run", "production-dialy");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "snaplife: no backup policy named 'production-dialy' in environment "
                + env.names().environment()
                + " (snapshot-service runs: production-daily, staging-weekly); nothing was"
                + " requested"
                + System.lineSeparator());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> probe.received().isEmpty());
  }

  @Test
  void withoutACatalogueTheRequestGoesOutUncheckedWithAWarning() {
    EventProbe probe = env.probe(EventType.BACKUP_REQUESTED);

    CliRun run = CliRun.run(env, "backup", "run", "anything", "--dry-run");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .startsWith(
            "warning: snapshot-service has not published its policies in environment '"
                + env.names().environment()
                + "' (no item 'policies' in "
                + catalogueTable())
        .contains("sending the request unchecked");
    assertThat(awaitOne(probe, BackupRequested.class).data().policy()).isEqualTo("anything");
  }

  @Test
  void anArchiveRunReachesTheBusAsTheOperatorAndArchiveServicesQueue() {
    EventProbe probe = env.probe(EventType.ARCHIVE_RUN_REQUESTED);

    CliRun run =
        CliRun.run(
            env,
            "archive",
            "run",
            "monthly-dumps",
            "--database",
            "prod-orders",
            "--scheduled-time",
            AT.toString(),
            "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    EventEnvelope<ArchiveRunRequested> published = awaitOne(probe, ArchiveRunRequested.class);
    assertThat(published.producer()).isEqualTo(SnaplifeService.OPERATOR_SOURCE);
    assertThat(published.data())
        .isEqualTo(new ArchiveRunRequested("monthly-dumps", AT, List.of("prod-orders")));
    JsonNode printed = JSON.readTree(run.out());
    assertThat(printed.get("eventId").asString()).isEqualTo(published.eventId().toString());
    assertThat(printed.get("eventType").asString()).isEqualTo("ArchiveRunRequested");
    assertThat(printed.get("databases").get(0).asString()).isEqualTo("prod-orders");
    assertThat(printed.get("dryRun").isNull()).isTrue();

    JsonNode delivered = awaitOnQueue(SnaplifeService.ARCHIVE);
    assertThat(delivered.get("source").asString()).isEqualTo(SnaplifeService.OPERATOR_SOURCE);
    assertThat(delivered.get("detail").get("eventId").asString())
        .isEqualTo(published.eventId().toString());
  }

  @Test
  void usageErrorsExitTwoSayingWhatIsWrong() {
    assertThat(CliRun.run(env, "backup").exit()).isEqualTo(2);
    assertThat(CliRun.run(env, "backup", "run").exit()).isEqualTo(2);
    assertThat(CliRun.run(env, "archive", "run").exit()).isEqualTo(2);
    assertThat(CliRun.run(env, "backup", "run", "daily", "--no-such-option").exit()).isEqualTo(2);
    CliRun policy = CliRun.run(env, "backup", "run", "daily; rm -rf");
    assertThat(policy.exit()).isEqualTo(2);
    assertThat(policy.err()).contains("'daily; rm -rf' is no policy name");
    CliRun database = CliRun.run(env, "archive", "run", "monthly", "--database", "9orders");
    assertThat(database.exit()).isEqualTo(2);
    assertThat(database.err()).contains("'9orders' is no RDS identifier");
    CliRun time = CliRun.run(env, "backup", "run", "daily", "--scheduled-time", "yesterday");
    assertThat(time.exit()).isEqualTo(2);
    assertThat(time.err()).contains("'yesterday' is no ISO instant");
    assertThat(CliRun.run(env, "backup", "run", "daily", "--environment", "Not_Valid").exit())
        .isEqualTo(2);
  }

  @Test
  void anUnreachableEndpointOrAnUnprovisionedEnvironmentExitsThree() {
    int closed = CliRun.closedPort();
    for (String command : List.of("backup", "archive")) {
      CliRun unreachable =
          CliRun.run(env, command, "run", "daily", "--endpoint-url", "http://127.0.0.1:" + closed);
      assertThat(unreachable.exit()).as(unreachable.err()).isEqualTo(3);
      assertThat(unreachable.err()).contains("cannot reach AWS at http://127.0.0.1:" + closed);

      CliRun missing = CliRun.run(env, command, "run", "daily", "--environment", "nowhere");
      assertThat(missing.exit()).as(missing.err()).isEqualTo(3);
      assertThat(missing.err())
          .contains("event bus nowhere-events does not exist")
          .contains("may not be provisioned");
    }
  }

  private static <E extends dev.snaplife.contracts.event.SnaplifeEvent> EventEnvelope<E> awaitOne(
      EventProbe probe, Class<E> type) {
    List<EventEnvelope<E>> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              received.addAll(probe.received(type));
              return !received.isEmpty();
            });
    assertThat(received).hasSize(1);
    return received.get(0);
  }

  private static JsonNode awaitOnQueue(SnaplifeService service) {
    List<Message> messages = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              messages.addAll(env.drain(env.queueUrl(service), Duration.ofSeconds(1)));
              return !messages.isEmpty();
            });
    assertThat(messages).hasSize(1);
    return JSON.readTree(messages.get(0).body());
  }

  private static String catalogueTable() {
    return env.names().serviceTable(SnaplifeService.SNAPSHOT, "state");
  }

  private static void publishCatalogue(String... policies) {
    List<Map<String, String>> entries = new ArrayList<>();
    for (String p : policies) {
      entries.add(Map.of("name", p, "schedule", "cron(0 2 * * ? *)"));
    }
    env.dynamo()
        .putItem(
            b ->
                b.tableName(catalogueTable())
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS("policies"),
                            "policies", AttributeValue.fromS(JSON.writeValueAsString(entries)))));
  }
}
