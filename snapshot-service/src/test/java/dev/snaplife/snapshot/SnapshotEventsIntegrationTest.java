package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.domain.SnapshotNaming;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * AWS's own events drive the service: RDS's "manual snapshot created" ends the wait (the polling
 * fallback is switched off here), automated snapshots and AWS Backup recovery points are adopted by
 * the policies that opt in, and a dry run changes nothing.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class SnapshotEventsIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EventProbe probe = aws.probe();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add("snaplife.snapshot.policies.events.identifiers", () -> ENV + "-events-db");
    registry.add("snaplife.snapshot.policies.adopting.identifiers", () -> ENV + "-adopted-db");
    registry.add("snaplife.snapshot.policies.adopting.adopt-aws-backup", () -> "true");
    registry.add("snaplife.snapshot.policies.adopting.adopt-automated", () -> "true");
    registry.add("snaplife.snapshot.poll-interval", () -> "1h");
    registry.add("snaplife.snapshot.rpo-check-interval", () -> "1h");
  }

  @BeforeAll
  static void fleet() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    for (String db : List.of("events-db", "adopted-db")) {
      rds.createDBInstance(
          b ->
              b.dbInstanceIdentifier(ENV + "-" + db)
                  .engine("postgres")
                  .dbInstanceClass("db.t3.micro")
                  .allocatedStorage(20)
                  .masterUsername("admin")
                  .masterUserPassword("not-a-real-password"));
    }
  }

  @Test
  void rdsSnapshotCreatedEventEndsTheWaitWithoutPolling() {
    Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS);
    request(new BackupRequested("events", at, null, false));
    String id = SnapshotNaming.identifier("snaplife", ENV + "-events-db", at);
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("available"));
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(created(id)).as("nothing polls, so nothing reports it yet").isEmpty();

    rdsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, "RDS-EVENT-0042", id);

    await().atMost(Duration.ofSeconds(20)).until(() -> !created(id).isEmpty());
    assertThat(created(id).get(0).data().origin()).isEqualTo(SnapshotOrigin.SNAPLIFE);
  }

  @Test
  void aDryRunReportsWhatItWouldDoAndCreatesNothing() {
    Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
    EventEnvelope<BackupRequested> run = request(new BackupRequested("events", at, null, true));

    BackupRunPlanned plan =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    probe.received(BackupRunPlanned.class).stream()
                        .filter(p -> p.data().runId().equals(run.eventId()))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow()
            .data();

    String id = SnapshotNaming.identifier("snaplife", ENV + "-events-db", at);
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.plannedSnapshots()).containsExactly(id);
    assertThat(status(id)).isEqualTo("absent");
  }

  @Test
  void anAutomatedSnapshotIsAdoptedByThePolicyThatOptsIn() {
    String automated =
        rds.describeDBSnapshots(
                b -> b.dbInstanceIdentifier(ENV + "-adopted-db").snapshotType("automated"))
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
    rds.createDBSnapshot(
        b -> b.dbInstanceIdentifier(ENV + "-adopted-db").dbSnapshotIdentifier(recoveryPoint));
    await().atMost(Duration.ofSeconds(10)).until(() -> status(recoveryPoint).equals("available"));
    String dbArn = "arn:aws:rds:us-east-1:123456789012:db:" + ENV + "-adopted-db";
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

  private static String status(String snapshot) {
    return rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .toList()
        .stream()
        .filter(s -> s.dbSnapshotIdentifier().equals(snapshot))
        .map(s -> s.status())
        .findFirst()
        .orElse("absent");
  }
}
