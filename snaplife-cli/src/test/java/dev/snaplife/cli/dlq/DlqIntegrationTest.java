package dev.snaplife.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.cli.CliRun;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.DeadLetterAttributes;
import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.consume.DeadLetterQueue;
import dev.snaplife.platform.consume.QueueBinding;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.platform.testing.TestFleet;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-call DLQ commands against the emulator: a provisioned environment whose export-service DLQ
 * holds what the platform puts there (two events with its reason attributes, one unparseable body),
 * read, replayed one by one, and redriven as a whole.
 */
class DlqIntegrationTest {

  private static final SnaplifeService SERVICE = SnaplifeService.EXPORT;
  private static final Instant DEAD_LETTERED_AT = Instant.parse("2026-11-20T01:07:42Z");
  private static final String GARBAGE = "this is not json {" + "x".repeat(100);
  private static final EmulatorEnvironment env = EmulatorEnvironment.provision();
  private static final SqsAsyncClient async = env.target().client(SqsAsyncClient.builder());

  private final EventEnvelope<?> created = TestFleet.created(Events.snapshot("orders-db"), "daily");
  private final EventEnvelope<?> archive =
      Events.envelope(Events.sample(EventType.ARCHIVE_REQUESTED), SnaplifeService.SCHEDULER_SOURCE);
  private final DeadLetterQueues queues = new DeadLetterQueues(env.sqs(), env.names(), "emulator");

  @AfterAll
  static void closeClient() {
    async.close();
  }

  @BeforeEach
  void deadLetterThreeMessages() {
    env.drain(env.deadLetterQueueUrl(SERVICE), Duration.ZERO);
    env.drain(env.queueUrl(SERVICE), Duration.ZERO);
    deadLetter(env.asEventBridgeMessage(SnaplifeService.SNAPSHOT.source(), created), "bad one");
    deadLetter(env.asEventBridgeMessage(SnaplifeService.SCHEDULER_SOURCE, archive), "worse one");
    deadLetter(GARBAGE, "message body is not JSON");
  }

  @Test
  void listShowsEveryServicesDepthAndTheAgeOfTheOldest() {
    CliRun table = run("dlq", "list");
    assertThat(table.exit()).isZero();
    assertThat(table.out())
        .containsPattern("export-service +" + env.names().deadLetterQueue(SERVICE) + " +3 +0 +\\S+")
        .containsPattern(
            "snapshot-service +"
                + env.names().deadLetterQueue(SnaplifeService.SNAPSHOT)
                + " +0 +0 +-");

    CliRun json = run("dlq", "list", "--json");
    assertThat(json.exit()).isZero();
    JsonNode rows = JsonMapper.builder().build().readTree(json.out());
    assertThat(rows).hasSize(5);
    for (JsonNode row : rows) {
      boolean export = row.get("service").asString().equals(SERVICE.serviceName());
      assertThat(row.get("depth").asInt()).isEqualTo(export ? 3 : 0);
      assertThat(row.get("oldestAgeSeconds").isNull()).isEqualTo(!export);
    }
  }

  @Test
  void showListsEveryMessageWithWhatItIsAndWhyAndLeavesThemInTheQueue() {
    CliRun run = run("dlq", "show", "export", "--json");

    assertThat(run.exit()).isZero();
    JsonNode shown = JsonMapper.builder().build().readTree(run.out());
    assertThat(shown).hasSize(3);
    JsonNode snapshot = byType(shown, "SnapshotCreated");
    assertThat(snapshot.get("eventId").asString()).isEqualTo(created.eventId().toString());
    assertThat(snapshot.get("lifecycleId").asString()).isEqualTo(created.lifecycleId().toString());
    assertThat(snapshot.get("database").asString()).isEqualTo("orders-db");
    assertThat(snapshot.get("reason").asString()).isEqualTo("bad one");
    assertThat(snapshot.get("receiveCount").asInt()).isEqualTo(3);
    assertThat(snapshot.get("firstFailedAt").asString()).isEqualTo(DEAD_LETTERED_AT.toString());
    assertThat(snapshot.get("sourceQueue").asString()).isEqualTo(env.names().queue(SERVICE));
    JsonNode archived = byType(shown, "ArchiveRequested");
    assertThat(archived.get("eventId").asString()).isEqualTo(archive.eventId().toString());
    assertThat(archived.get("database").asString()).isEqualTo("orders-db");
    assertThat(archived.get("reason").asString()).isEqualTo("worse one");
    JsonNode garbage = byType(shown, "unparseable");
    assertThat(garbage.get("preview").asString()).isEqualTo(GARBAGE.substring(0, 80) + "…");
    assertThat(garbage.get("reason").asString()).isEqualTo("message body is not JSON");

    CliRun text = run("dlq", "show", "export-service");
    assertThat(text.out())
        .contains("3 message(s), 3 shown")
        .contains("SnapshotCreated " + created.eventId())
        .contains("reason    worse one");
    assertThat(queues.depth(SERVICE).visible()).isEqualTo(3);
  }

  @Test
  void replayOfOneIdPutsExactlyThatMessageOnTheSourceQueueAndTakesItOutOfTheDlq() {
    String id = idOf("SnapshotCreated");

    CliRun run = run("dlq", "replay", "export", "--id", id);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains(id).contains("replayed to " + env.names().queue(SERVICE));
    List<Message> onSource = env.drain(env.queueUrl(SERVICE), Duration.ofSeconds(2));
    assertThat(onSource).hasSize(1);
    assertThat(onSource.get(0).body())
        .isEqualTo(
            env.asEventBridgeMessage(SnaplifeService.SNAPSHOT.source(), created)
                .replaceFirst("\"id\":\"[^\"]+\"", idField(onSource.get(0).body())));
    assertThat(onSource.get(0).messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
        .isEqualTo("bad one");
    assertThat(queues.peek(SERVICE, 10))
        .extracting(DeadLetter::eventType)
        .containsExactlyInAnyOrder("ArchiveRequested", "unparseable");
  }

  @Test
  void replayOfAnUnknownIdReportsItNotFoundAndExitsOne() {
    CliRun run = run("dlq", "replay", "export", "--id", "no-such-message");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("no-such-message").contains("not found");
    assertThat(queues.depth(SERVICE).visible()).isEqualTo(3);
    assertThat(env.drain(env.queueUrl(SERVICE), Duration.ZERO)).isEmpty();
  }

  @Test
  void anInterruptedReplayLeavesTheMessageInBothQueuesNeverInNeither() {
    String id = idOf("ArchiveRequested");
    DeadLetterQueues dying =
        new DeadLetterQueues(
            env.sqs(),
            env.names(),
            "emulator",
            (sqs, url, message) -> {
              DeadLetterQueues.RESEND.send(sqs, url, message);
              throw new IllegalStateException("killed between the send and the delete");
            });

    List<Replay> replays = dying.replay(SERVICE, List.of(id), false);

    assertThat(replays)
        .singleElement()
        .extracting(Replay::outcome)
        .isEqualTo(Replay.Outcome.FAILED);
    assertThat(env.drain(env.queueUrl(SERVICE), Duration.ofSeconds(2)))
        .singleElement()
        .extracting(Message::body)
        .asString()
        .contains(archive.eventId().toString());
    assertThat(queues.peek(SERVICE, 10)).extracting(DeadLetter::messageId).contains(id).hasSize(3);
  }

  @Test
  void replayOfAllMovesEverythingThroughAMoveTaskAndReportsTheCount() {
    CliRun run = run("dlq", "replay", "export", "--all");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("moving 3 message(s)").contains("done: moved 3 message(s)");
    List<Message> onSource = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              onSource.addAll(env.drain(env.queueUrl(SERVICE), Duration.ZERO));
              return onSource.size() >= 3;
            });
    assertThat(onSource).extracting(Message::body).anyMatch(GARBAGE::equals).hasSize(3);
    assertThat(queues.depth(SERVICE).depth()).isZero();
  }

  @Test
  void aDryRunMovesNothing() {
    CliRun all = run("dlq", "replay", "export", "--all", "--dry-run");
    CliRun one = run("dlq", "replay", "export", "--id", idOf("SnapshotCreated"), "--dry-run");

    assertThat(all.exit()).isZero();
    assertThat(all.out()).contains("dry run: would move 3 message(s)");
    assertThat(one.exit()).isZero();
    assertThat(one.out()).contains("would replay");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(
            () ->
                queues.depth(SERVICE).visible() == 3
                    && env.drain(env.queueUrl(SERVICE), Duration.ZERO).isEmpty());
  }

  @Test
  void usageErrorsExitTwoAndNameTheValidServices() {
    assertThat(run("dlq", "replay", "export").exit()).isEqualTo(2);
    CliRun unknown = run("dlq", "show", "backups");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown service 'backups'")
        .contains("snapshot, replication");
    assertThat(run("dlq", "list", "--environment", "Not_Valid").exit()).isEqualTo(2);
  }

  @Test
  void anUnreachableEndpointOrAnUnprovisionedEnvironmentExitsThree() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliRun unreachable = run("dlq", "list", "--endpoint-url", "http://127.0.0.1:" + closed);
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach AWS at http://127.0.0.1:" + closed);

    CliRun missing = run("dlq", "show", "export", "--environment", "nowhere");
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err())
        .contains("queue nowhere-export-service-dlq does not exist")
        .contains("may not be provisioned");
  }

  private void deadLetter(String body, String reason) {
    QueueBinding binding =
        new QueueBinding(
            env.names().queue(SERVICE),
            env.queueUrl(SERVICE),
            env.deadLetterQueueUrl(SERVICE),
            DeliveryPolicy.DEFAULTS);
    new DeadLetterQueue(async, binding, Clock.fixed(DEAD_LETTERED_AT, ZoneOffset.UTC))
        .send(
            MessageBuilder.withPayload(body)
                .setHeader("Sqs_RawMessageId", "original-" + reason.hashCode())
                .setHeader("Sqs_Msa_ApproximateReceiveCount", "3")
                .build(),
            reason);
  }

  private String idOf(String eventType) {
    return queues.peek(SERVICE, 10).stream()
        .filter(l -> l.eventType().equals(eventType))
        .findFirst()
        .orElseThrow()
        .messageId();
  }

  private static String idField(String body) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"[^\"]+\"").matcher(body);
    return m.find() ? m.group() : "";
  }

  private static JsonNode byType(JsonNode letters, String type) {
    for (JsonNode l : letters) {
      if (l.get("eventType").asString().equals(type)) {
        return l;
      }
    }
    throw new AssertionError("no " + type + " in " + letters);
  }

  private static CliRun run(String... args) {
    return CliRun.run(env, args);
  }
}
