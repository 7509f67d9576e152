package dev.snaplife.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.cli.CliRun;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.contracts.event.SnapshotShared;
import dev.snaplife.contracts.ledger.LedgerTable;
import dev.snaplife.contracts.ledger.LifecycleEntries;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.notifier.adapter.out.dynamodb.DynamoDbLifecycleLedger;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code snaplife status} reading what the notifier's ledger adapter writes, in a provisioned
 * environment on the emulator: by database, snapshot and lifecycle id, in text and JSON, and live.
 */
class StatusIntegrationTest {

  static final EmulatorEnvironment env = EmulatorEnvironment.provision();
  static final DynamoDbLifecycleLedger ledger =
      new DynamoDbLifecycleLedger(
          env.dynamo(),
          env.names().serviceTable(SnaplifeService.NOTIFIER, LedgerTable.TABLE),
          Duration.ofDays(30));
  static final String REPLICATION = SnaplifeService.REPLICATION.source();

  final String database = "status-" + UUID.randomUUID().toString().substring(0, 8);
  final SnapshotRef source = Events.snapshot(database);
  final SnapshotRef copy = Events.copyOf(source, "222222222222", "eu-west-1");
  final UUID lifecycle = UUID.randomUUID();
  final Instant t0 = Instant.now().minusSeconds(60);

  @Test
  void aDatabaseShowsEachStageItsStateAndTheLastFailure() {
    record(0, new SnapshotCreated(source, "daily", SnapshotOrigin.SNAPLIFE, null, null, 7));
    record(1, new SnapshotShared(source, "daily", List.of("222222222222")));
    record(2, copyRequested());
    record(
        9,
        new SnapshotReplicationFailed(
            source,
            "daily",
            "dr",
            SnapshotReplicationFailed.Step.COPY,
            "dr-eu",
            "222222222222",
            "eu-west-1",
            new Failure("the key is not accessible", "KMSKeyNotAccessibleFault", true)));

    CliRun run = CliRun.run(env, "status", database);

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("lifecycle " + lifecycle + "  database " + database)
        .contains(
            "state     FAILED at COPY 222222222222/eu-west-1: the key is not accessible"
                + " [KMSKeyNotAccessibleFault] (retryable)")
        .containsPattern("SNAPSHOT +- +DONE .* \\+0s +info +policy daily, origin SNAPLIFE")
        .containsPattern("SHARE +- +DONE .* \\+1s +info +shared with 222222222222")
        .containsPattern("COPY +222222222222/eu-west-1 +FAILED .* \\+9s")
        .contains("last failure: ");
    assertThat(CliRun.run(env, "status", source.snapshotArn()).out())
        .as("by snapshot ARN")
        .contains("lifecycle " + lifecycle);
    assertThat(CliRun.run(env, "status", lifecycle.toString()).out())
        .as("by lifecycle id")
        .contains("database " + database);
  }

  @Test
  void jsonForScriptsWithTheStagesAndEveryFact() {
    record(0, new SnapshotCreated(source, "daily", SnapshotOrigin.SNAPLIFE, null, null, 7));
    record(2, copyRequested());
    record(8, new SnapshotCopied(source, copy, "daily", 7));

    CliRun run = CliRun.run(env, "status", source.snapshotIdentifier(), "--json");

    assertThat(run.exit()).isZero();
    JsonNode found = JsonMapper.builder().build().readTree(run.out());
    JsonNode status = found.path(source.snapshotIdentifier()).get(0);
    assertThat(status.path("state").asString()).isEqualTo("OK");
    assertThat(status.path("stages")).hasSize(2);
    assertThat(status.path("stages").get(1).path("latest").path("eventType").asString())
        .isEqualTo("SnapshotCopied");
    assertThat(status.path("entries")).hasSize(3);
  }

  @Test
  void watchWaitsForADatabaseThenPrintsEachNewFactAndTheStateAsItChanges() {
    StringWriter live = new StringWriter();
    CompletableFuture<CliRun> watching =
        CompletableFuture.supplyAsync(
            () ->
                CliRun.run(
                    env,
                    live,
                    "status",
                    database,
                    "--watch",
                    "--interval",
                    "200ms",
                    "--for",
                    "10s"));
    await().atMost(Duration.ofSeconds(5)).until(() -> live.toString().contains("waiting for"));
    record(0, new SnapshotCreated(source, "daily", SnapshotOrigin.SNAPLIFE, null, null, 7));
    record(1, copyRequested());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> live.toString().contains("IN PROGRESS: COPY 222222222222/eu-west-1"));
    record(7, new SnapshotCopied(source, copy, "daily", 7));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> live.toString().contains("OK: every stage recorded so far is done"));

    CliRun run = watching.join();

    assertThat(run.exit()).isZero();
    String out = run.out();
    assertThat(out).startsWith("waiting for '" + database + "' to appear in the ledger...");
    assertThat(out.indexOf("IN PROGRESS: COPY 222222222222/eu-west-1"))
        .as("the lifecycle appears while its copy runs")
        .isPositive();
    assertThat(out)
        .containsPattern(database + "  COPY 222222222222/eu-west-1  DONE  copy arn:")
        .contains("lifecycle " + lifecycle + ": OK: every stage recorded so far is done");
  }

  @Test
  void nothingRecordedIsAProblemAndAMissingLedgerOrEndpointIsExitThree() {
    CliRun unknown = CliRun.run(env, "status", "no-such-database");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("nothing recorded for 'no-such-database'");

    CliRun unprovisioned =
        CliRun.run(env, "status", database, "--environment", "never-provisioned");
    assertThat(unprovisioned.exit()).isEqualTo(3);
    assertThat(unprovisioned.err())
        .contains("the lifecycle ledger never-provisioned-notifier-service-ledger does not exist");

    int closed = CliRun.closedPort();
    CliRun unreachable =
        CliRun.run(env, "status", database, "--endpoint-url", "http://127.0.0.1:" + closed);
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach AWS at http://127.0.0.1:" + closed);

    CliRun usage = CliRun.run(env, "status", database, "--watch", "--interval", "soon");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("'soon' is not a duration");
  }

  private SnapshotCopyRequested copyRequested() {
    return new SnapshotCopyRequested(
        source, "daily", "dr", "dr-eu", "222222222222", "eu-west-1", Map.of());
  }

  /** What the notifier records on hearing the event, through its own ledger adapter. */
  private void record(int second, SnaplifeEvent data) {
    EventEnvelope<?> event =
        EventEnvelope.of(
            UUID.randomUUID(), t0.plusSeconds(second), lifecycle, null, REPLICATION, data);
    ledger.record(LifecycleEntries.of(event).orElseThrow().withNotified("info"));
  }
}
