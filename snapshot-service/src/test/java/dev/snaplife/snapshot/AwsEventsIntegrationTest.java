package dev.snaplife.snapshot;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.consume.DeadLetterQueue;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.domain.SnapshotNaming;
import dev.snaplife.snapshot.testing.EmulatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * AWS's own events drive the service: RDS's "manual snapshot created" ends the wait (the fallback
 * check is an hour away here), automated snapshots and AWS Backup recovery points are adopted by
 * the policies that opt in, and an event naming no valid snapshot is dead-lettered with its reason.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class AwsEventsIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EmulatorFleet fleet = new EmulatorFleet(rds, ENV);
  static final EventProbe probe = aws.probe();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add("snaplife.snapshot.policies.events.identifiers", () -> fleet.id("events-db"));
    registry.add("snaplife.snapshot.policies.adopting.identifiers", () -> fleet.id("adopted-db"));
    registry.add("snaplife.snapshot.policies.adopting.adopt-aws-backup", () -> "true");
    registry.add("snaplife.snapshot.policies.adopting.adopt-automated", () -> "true");
    registry.add("snaplife.snapshot.poll-interval", () -> "1h");
  }

  @BeforeAll
  static void databases() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    fleet.instance("events-db");
    fleet.instance("adopted-db");
  }

  @Test
  void rdsSnapshotCreatedEventEndsTheWaitWithoutTheFallbackCheck() {
    Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS);
    request(new BackupRequested("events", at, null, false));
    String id =
        SnapshotNaming.identifier(
            aPolicy("events").environment(ENV).build(), fleet.id("events-db"), at);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "available".equals(fleet.snapshotsByStatus().get(id)));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> created(id).isEmpty());

    rdsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, "RDS-EVENT-0042", id);

    await().atMost(Duration.ofSeconds(20)).until(() -> !created(id).isEmpty());
    assertThat(created(id).get(0).data().origin()).isEqualTo(SnapshotOrigin.SNAPLIFE);
  }

  @Test
  void anAutomatedSnapshotIsAdoptedByThePolicyThatOptsIn() {
    String automated =
        rds.describeDBSnapshots(
                b -> b.dbInstanceIdentifier(fleet.id("adopted-db")).snapshotType("automated"))
            .dbSnapshots()
            .get(0)
            .dbSnapshotIdentifier();

    rdsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, "RDS-EVENT-0091", automated);

    await().atMost(Duration.ofSeconds(20)).until(() -> !created(automated).isEmpty());
    SnapshotCreated adopted = created(automated).get(0).data();
    assertThat(adopted.origin()).isEqualTo(SnapshotOrigin.AUTOMATED);
    assertThat(adopted.policy()).isEqualTo("adopting");
  }

  @Test
  void anAwsBackupRecoveryPointIsAdoptedFromTheCompletedJob() {
    String recoveryPoint = "awsbackup-job-" + ENV;
    fleet.snapshot("adopted-db", recoveryPoint, Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "available".equals(fleet.snapshotsByStatus().get(recoveryPoint)));
    String dbArn = "arn:aws:rds:us-east-1:123456789012:db:" + fleet.id("adopted-db");
    String snapshotArn = "arn:aws:rds:us-east-1:123456789012:snapshot:" + recoveryPoint;

    aws.putAwsEvent(
        NativeEventType.BACKUP_JOB_STATE_CHANGE,
        "{\"backupJobId\":\"job-1\",\"state\":\"COMPLETED\",\"resourceType\":\"RDS\","
            + "\"resourceArn\":\""
            + dbArn
            + "\"}",
        dbArn,
        snapshotArn);

    await().atMost(Duration.ofSeconds(20)).until(() -> !created(recoveryPoint).isEmpty());
    assertThat(created(recoveryPoint).get(0).data().origin()).isEqualTo(SnapshotOrigin.AWS_BACKUP);
  }

  @Test
  void anRdsEventNamingNoValidSnapshotIsDeadLetteredWithItsReason() {
    rdsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, "RDS-EVENT-0042", "../../etc/passwd");

    List<Message> dead = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                dead.addAll(
                    aws.drain(
                        aws.deadLetterQueueUrl(SnaplifeService.SNAPSHOT), Duration.ofSeconds(1))));
    assertThat(dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue())
        .isEqualTo(
            "RDS DB Snapshot Event RDS-EVENT-0042 names no valid snapshot identifier in"
                + " detail.SourceIdentifier: '../../etc/passwd'");
  }

  private static EventEnvelope<BackupRequested> request(BackupRequested request) {
    EventEnvelope<BackupRequested> event = Events.envelope(request, "snaplife.scheduler");
    aws.publishAs("snaplife.scheduler", event);
    return event;
  }

  private static void rdsEvent(NativeEventType type, String eventId, String snapshot) {
    aws.putAwsEvent(
        type,
        "{\"EventCategories\":[\"creation\"],\"SourceType\":\"SNAPSHOT\","
            + "\"SourceIdentifier\":\""
            + snapshot
            + "\",\"EventID\":\""
            + eventId
            + "\",\"Message\":\"Snapshot created\"}");
  }

  private static List<EventEnvelope<SnapshotCreated>> created(String snapshot) {
    return probe.received(SnapshotCreated.class).stream()
        .filter(e -> e.data().snapshot().snapshotIdentifier().equals(snapshot))
        .toList();
  }
}
