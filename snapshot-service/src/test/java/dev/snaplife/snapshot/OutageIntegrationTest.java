package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.testing.EmulatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A regional outage during a run: RDS, DynamoDB and EventBridge answer every request with 500 for
 * longer than the claim lease (the test's durations are scaled down: a 6 s lease, 1–2 s backoff),
 * then recover. The run completes, takes each snapshot once and reports each, and nothing reaches
 * the dead-letter queue.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class OutageIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EmulatorFleet fleet = new EmulatorFleet(rds, ENV);
  static final EventProbe probe = aws.probe();
  static final List<String> DATABASES =
      IntStream.range(0, 12).mapToObj(i -> "outage-" + i).toList();
  static final int OUTAGE_SECONDS = 8;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add(
        "snaplife.snapshot.policies.outage.identifiers",
        () -> DATABASES.stream().map(fleet::id).collect(Collectors.joining(",")));
    registry.add("snaplife.snapshot.poll-interval", () -> "1s");
  }

  @AfterEach
  void recover() {
    aws.clearFaults();
  }

  @Test
  void aRunCaughtByAnOutageLongerThanTheLeaseCompletesOnceWithNothingDeadLettered() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    DATABASES.forEach(fleet::instance);
    EventEnvelope<BackupRequested> run =
        Events.envelope(
            new BackupRequested(
                "outage", Instant.now().truncatedTo(ChronoUnit.MINUTES), null, false),
            "snaplife.scheduler");

    aws.setFaults(6, List.of(outage("rds"), outage("dynamodb"), outage("events")));
    // Straight onto the queue: the bus is down too.
    aws.sendRaw(SnaplifeService.SNAPSHOT, aws.asEventBridgeMessage("snaplife.scheduler", run));

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> createdSnapshots(run).size() == DATABASES.size());
    assertThat(aws.faults().path("injected").properties()).isNotEmpty();
    BackupRunPlanned plan =
        probe.received(BackupRunPlanned.class).stream()
            .filter(p -> p.data().runId().equals(run.eventId()))
            .findFirst()
            .orElseThrow()
            .data();
    assertThat(plan.plannedSnapshots()).hasSize(DATABASES.size());
    assertThat(DATABASES).allSatisfy(db -> assertThat(fleet.snapshotsOf(db)).hasSize(1));
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(8))
        .until(
            () ->
                aws.drain(aws.deadLetterQueueUrl(SnaplifeService.SNAPSHOT), Duration.ZERO).isEmpty()
                    && createdSnapshots(run).size() == DATABASES.size());
  }

  private static Map<String, Object> outage(String service) {
    return Map.of("service", service, "error", 1.0, "forSeconds", OUTAGE_SECONDS);
  }

  /** Distinct snapshots reported created for the run. */
  private static List<String> createdSnapshots(EventEnvelope<BackupRequested> run) {
    return probe.received(SnapshotCreated.class).stream()
        .filter(e -> run.eventId().equals(e.data().runId()))
        .map(e -> e.data().snapshot().snapshotIdentifier())
        .distinct()
        .toList();
  }
}
