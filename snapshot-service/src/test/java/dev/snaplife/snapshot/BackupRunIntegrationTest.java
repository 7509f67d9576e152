package dev.snaplife.snapshot;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.RecoveryPointObjectiveRestored;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import dev.snaplife.snapshot.domain.SnapshotNaming;
import dev.snaplife.snapshot.testing.EmulatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Backup runs on the emulator, through the real listener, each test with a policy and databases of
 * its own so the tests are independent. Snapshots stay "creating" for a second, so the service
 * follows them with its delayed follow-up commands.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class BackupRunIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EmulatorFleet fleet = new EmulatorFleet(rds, ENV);
  static final EventProbe probe = aws.probe();
  static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  static final String SCHEDULER = "snaplife.scheduler";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    String p = "snaplife.snapshot.policies.";
    registry.add(p + "fleet.name-pattern", () -> "^" + ENV + "-prod-");
    registry.add(p + "fleet.tags[CopyDBSnapshot]", () -> "True");
    registry.add(p + "fleet.engines", () -> "postgres,aurora-mysql");
    registry.add(p + "fleet.exclusions", () -> ENV + "-prod-legacy");
    registry.add(p + "interval.identifiers", () -> fleet.id("interval-db"));
    registry.add(p + "repeat.identifiers", () -> fleet.id("repeat-db"));
    registry.add(p + "twin-a.identifiers", () -> fleet.id("twin-db"));
    registry.add(p + "twin-b.identifiers", () -> fleet.id("twin-db"));
    registry.add(p + "twin-b.retention-days", () -> "0");
    registry.add(p + "foreign.identifiers", () -> fleet.id("foreign-db"));
    registry.add(p + "expiring.identifiers", () -> fleet.id("expiring-db"));
    registry.add(p + "expiring.kinds", () -> "DB_INSTANCE");
    registry.add(p + "expiring.retention-days", () -> "0");
    registry.add(p + "listed.identifiers", () -> fleet.id("listed-db") + "," + fleet.id("gone-db"));
    registry.add(p + "watched.identifiers", () -> fleet.id("rpo-db"));
    registry.add(p + "watched.rpo", () -> "1h");
    registry.add(p + "rehearsal.identifiers", () -> fleet.id("rehearsal-db"));
    registry.add(p + "rehearsal.dry-run", () -> "true");
    registry.add(p + "rehearsal.retention-days", () -> "0");
    registry.add("snaplife.snapshot.poll-interval", () -> "1s");
  }

  static BackupPolicy policy(String name) {
    return aPolicy(name).environment(ENV).build();
  }

  static String name(String policy, String database, Instant at) {
    return SnapshotNaming.identifier(policy(policy), fleet.id(database), at);
  }

  @BeforeAll
  static void databases() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    Map<String, String> copy = Map.of("CopyDBSnapshot", "True");
    fleet.instance("prod-orders", "postgres", copy);
    fleet.instance("prod-reporting", "mysql", copy); // wrong engine
    fleet.instance("prod-legacy", "postgres", copy); // excluded
    fleet.instance("prod-untagged", "postgres", Map.of()); // no tag
    fleet.instance("staging-orders", "postgres", copy); // wrong name
    fleet.cluster("prod-billing", "aurora-mysql", copy);
    fleet.cluster("prod-analytics", "aurora-postgresql", copy); // wrong engine
    for (String db :
        List.of(
            "interval-db",
            "repeat-db",
            "twin-db",
            "foreign-db",
            "expiring-db",
            "listed-db",
            "rpo-db",
            "rehearsal-db")) {
      fleet.instance(db);
    }
    fleet.cluster("expiring-cluster", "aurora-mysql", Map.of());
    // A new database never backed up: moto gives it an automated snapshot at once; AWS would not.
    rds.describeDBSnapshots(b -> b.dbInstanceIdentifier(fleet.id("rpo-db")))
        .dbSnapshots()
        .forEach(s -> rds.deleteDBSnapshot(d -> d.dbSnapshotIdentifier(s.dbSnapshotIdentifier())));
  }

  @Test
  void snapshotsExactlyTheSelectedDatabasesAndReportsEachOnceAvailable() {
    EventEnvelope<BackupRequested> run = request("fleet", HOUR);

    String orders = name("fleet", "prod-orders", HOUR);
    String billing = name("fleet", "prod-billing", HOUR);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> created().containsAll(Set.of(orders, billing)));

    BackupRunPlanned plan = plannedFor(run).data();
    assertThat(plan.plannedSnapshots()).containsExactlyInAnyOrder(orders, billing);
    assertThat(fleet.snapshotsOf("prod-orders")).containsExactly(orders);
    assertThat(fleet.clusterSnapshotsOf("prod-billing")).containsExactly(billing);
    assertThat(fleet.snapshotsOf("prod-reporting")).isEmpty();
    assertThat(fleet.snapshotsOf("prod-legacy")).isEmpty();
    assertThat(fleet.snapshotsOf("prod-untagged")).isEmpty();
    assertThat(fleet.snapshotsOf("staging-orders")).isEmpty();
    SnapshotCreated cluster = createdEvent(billing).orElseThrow().data();
    assertThat(cluster.runId()).isEqualTo(run.eventId());
    assertThat(cluster.snapshot().databaseKind()).isEqualTo(DatabaseKind.DB_CLUSTER);
    assertThat(cluster.scheduledTime()).isEqualTo(HOUR);
    assertThat(fleet.tagsOf(orders))
        .containsEntry(SnaplifeTags.CREATED_BY, "Snaplife")
        .containsEntry(SnaplifeTags.ENVIRONMENT, ENV)
        .containsEntry(SnaplifeTags.POLICY, "fleet")
        .containsEntry(SnaplifeTags.RUN_ID, run.eventId().toString());
  }

  @Test
  void aRequestInsideTheBackupIntervalTakesNothing() {
    request("interval", HOUR);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> created().contains(name("interval", "interval-db", HOUR)));

    EventEnvelope<BackupRequested> later = request("interval", HOUR.plus(Duration.ofHours(1)));

    BackupRunPlanned plan = plannedFor(later).data();
    assertThat(plan.plannedSnapshots()).isEmpty();
    assertThat(plan.skippedDatabases()).containsExactly(fleet.id("interval-db"));
    assertThat(fleet.snapshotsOf("interval-db")).hasSize(1);
  }

  @Test
  void aDuplicateDeliveryAndARepeatedRequestTakeOneSnapshotAndReportItOnce() {
    EventEnvelope<BackupRequested> run = envelope("repeat", HOUR);
    String message = aws.asEventBridgeMessage(SCHEDULER, run);
    aws.sendRaw(SnaplifeService.SNAPSHOT, message);
    aws.sendRaw(SnaplifeService.SNAPSHOT, message);
    EventEnvelope<BackupRequested> again = request("repeat", HOUR); // same run, new event id
    String snapshot = name("repeat", "repeat-db", HOUR);

    await().atMost(Duration.ofSeconds(30)).until(() -> created().contains(snapshot));
    plannedFor(again);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> createdEventIds(snapshot).size() == 1);

    assertThat(fleet.snapshotsOf("repeat-db")).containsExactly(snapshot);
  }

  @Test
  void twoPoliciesSnapshottingOneDatabaseInTheSameMinuteEachKeepTheirOwn() {
    request("twin-a", HOUR);
    request("twin-b", HOUR);
    String a = name("twin-a", "twin-db", HOUR);
    String b = name("twin-b", "twin-db", HOUR);
    await().atMost(Duration.ofSeconds(30)).until(() -> created().containsAll(Set.of(a, b)));

    assertThat(a).isNotEqualTo(b);
    assertThat(fleet.snapshotsOf("twin-db")).containsExactlyInAnyOrder(a, b);
    assertThat(createdEvent(a).orElseThrow().eventId())
        .isNotEqualTo(createdEvent(b).orElseThrow().eventId());

    // Twin b keeps only its newest; its retention never touches twin a's snapshot.
    Instant next = HOUR.plus(Duration.ofDays(1));
    request("twin-b", next);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> created().contains(name("twin-b", "twin-db", next)));
    EventEnvelope<BackupRequested> third = request("twin-b", next.plus(Duration.ofDays(1)));

    assertThat(plannedFor(third).data().plannedDeletions()).containsExactly(b);
    await().atMost(Duration.ofSeconds(20)).until(() -> deleted().contains(b));
    assertThat(fleet.snapshotsOf("twin-db")).contains(a).doesNotContain(b);
  }

  @Test
  void aSnapshotUnderOurNameMadeInAnotherEnvironmentIsReportedAndNotAdopted() {
    String ours = name("foreign", "foreign-db", HOUR);
    BackupPolicy sameNameElsewhere = aPolicy("foreign").environment("other-env").build();
    fleet.snapshot("foreign-db", ours, EmulatorFleet.ownedBy(sameNameElsewhere, HOUR));

    EventEnvelope<BackupRequested> run = request("foreign", HOUR);

    SnapshotFailed failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> failedFor(run, "foreign-db"), Optional::isPresent)
            .orElseThrow();
    assertThat(failed.failure().errorCode()).isEqualTo("SnapshotNotOwned");
    assertThat(failed.failure().reason())
        .startsWith("snapshot " + ours + " already exists and belongs to policy 'foreign' of")
        .contains("environment 'other-env'");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> !created().contains(ours));
  }

  @Test
  void retentionKeepsTheNewestAndExpiresTheRestOfEveryKindThePolicyOwns() {
    BackupPolicy expiring = policy("expiring");
    // Older runs' snapshots, oldest first, of an instance and of a cluster the policy no longer
    // selects (it backs up instances only now), plus what retention must never touch.
    List<String> instanceSnapshots = List.of(fleet.id("exp-i1"), fleet.id("exp-i2"));
    List<String> clusterSnapshots = List.of(fleet.id("exp-c1"), fleet.id("exp-c2"));
    Instant past = HOUR.minus(Duration.ofDays(3));
    instanceSnapshots.forEach(
        id -> fleet.snapshot("expiring-db", id, EmulatorFleet.ownedBy(expiring, past)));
    clusterSnapshots.forEach(
        id -> fleet.clusterSnapshot("expiring-cluster", id, EmulatorFleet.ownedBy(expiring, past)));
    Map<String, String> held = EmulatorFleet.ownedBy(expiring, past);
    held.put(SnaplifeTags.LEGAL_HOLD, "true");
    fleet.snapshot("expiring-db", fleet.id("exp-held"), held);
    fleet.snapshot("expiring-db", fleet.id("exp-foreign"), Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "available".equals(fleet.snapshotsByStatus().get(fleet.id("exp-foreign"))));

    EventEnvelope<BackupRequested> run = request("expiring", HOUR);

    BackupRunPlanned plan = plannedFor(run).data();
    // The newest instance snapshot is the one on legal hold; the newest cluster one stays too.
    assertThat(plan.plannedDeletions())
        .containsExactlyInAnyOrder(
            instanceSnapshots.get(0), instanceSnapshots.get(1), clusterSnapshots.get(0));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deleted().containsAll(plan.plannedDeletions()));
    assertThat(fleet.snapshotsByStatus())
        .containsKeys(clusterSnapshots.get(1), fleet.id("exp-held"), fleet.id("exp-foreign"))
        .doesNotContainKeys(
            instanceSnapshots.get(0), instanceSnapshots.get(1), clusterSnapshots.get(0));
    assertThat(plan.kept())
        .anySatisfy(
            k -> {
              assertThat(k.snapshotIdentifier()).isEqualTo(fleet.id("exp-held"));
              assertThat(k.keptBy()).containsExactly("keep-newest", "legal-hold");
            });
  }

  @Test
  void aDatabaseThePolicyListsThatDoesNotExistIsAFailureNamingIt() {
    EventEnvelope<BackupRequested> run = request("listed", HOUR);

    SnapshotFailed failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> failedFor(run, "gone-db"), Optional::isPresent)
            .orElseThrow();
    assertThat(failed.failure().errorCode()).isEqualTo("DatabaseNotFound");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(failed.failure().reason()).contains(fleet.id("gone-db")).contains("'listed'");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> created().contains(name("listed", "listed-db", HOUR)));
  }

  @Test
  void aDatabaseWithoutAFreshSnapshotBreachesItsRpoOnceAndRecoversOnce() {
    Instant tick = Instant.now();
    aws.fireTimer(SnaplifeService.SNAPSHOT, WatchRecoveryPoints.TIMER, tick, null);
    aws.fireTimer(SnaplifeService.SNAPSHOT, WatchRecoveryPoints.TIMER, tick, null); // a retry
    aws.fireTimer(SnaplifeService.SNAPSHOT, WatchRecoveryPoints.TIMER, tick.plusSeconds(60), null);

    await().atMost(Duration.ofSeconds(20)).until(() -> !breaches().isEmpty());
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> breaches().size() == 1);
    assertThat(breaches().get(0).newestSnapshotAt()).isNull();

    request("watched", HOUR);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> created().contains(name("watched", "rpo-db", HOUR)));
    aws.fireTimer(SnaplifeService.SNAPSHOT, WatchRecoveryPoints.TIMER, tick.plusSeconds(120), null);

    await().atMost(Duration.ofSeconds(20)).until(() -> restorations().size() == 1);
    aws.fireTimer(SnaplifeService.SNAPSHOT, WatchRecoveryPoints.TIMER, tick.plusSeconds(180), null);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> restorations().size() == 1 && breaches().size() == 1);
  }

  @Test
  void aDryRunReportsWhatItWouldDoAndChangesNothing() {
    Instant past = HOUR.minus(Duration.ofDays(3));
    fleet.snapshot(
        "rehearsal-db", fleet.id("reh-1"), EmulatorFleet.ownedBy(policy("rehearsal"), past));
    fleet.snapshot(
        "rehearsal-db", fleet.id("reh-2"), EmulatorFleet.ownedBy(policy("rehearsal"), past));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "available".equals(fleet.snapshotsByStatus().get(fleet.id("reh-2"))));

    BackupRunPlanned plan = plannedFor(request("rehearsal", HOUR)).data();

    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.plannedSnapshots()).containsExactly(name("rehearsal", "rehearsal-db", HOUR));
    assertThat(plan.plannedDeletions()).containsExactly(fleet.id("reh-1"));
    assertThat(fleet.snapshotsOf("rehearsal-db"))
        .containsExactlyInAnyOrder(fleet.id("reh-1"), fleet.id("reh-2"));
  }

  private static EventEnvelope<BackupRequested> envelope(String policy, Instant at) {
    return Events.envelope(new BackupRequested(policy, at, null, false), SCHEDULER);
  }

  private static EventEnvelope<BackupRequested> request(String policy, Instant at) {
    EventEnvelope<BackupRequested> run = envelope(policy, at);
    aws.publishAs(SCHEDULER, run);
    return run;
  }

  private static EventEnvelope<BackupRunPlanned> plannedFor(EventEnvelope<BackupRequested> run) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                probe.received(BackupRunPlanned.class).stream()
                    .filter(e -> e.data().runId().equals(run.eventId()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static Set<String> created() {
    return probe.received(SnapshotCreated.class).stream()
        .map(e -> e.data().snapshot().snapshotIdentifier())
        .collect(Collectors.toSet());
  }

  private static Optional<EventEnvelope<SnapshotCreated>> createdEvent(String snapshot) {
    return probe.received(SnapshotCreated.class).stream()
        .filter(e -> e.data().snapshot().snapshotIdentifier().equals(snapshot))
        .findFirst();
  }

  private static Set<UUID> createdEventIds(String snapshot) {
    return probe.received(SnapshotCreated.class).stream()
        .filter(e -> e.data().snapshot().snapshotIdentifier().equals(snapshot))
        .map(EventEnvelope::eventId)
        .collect(Collectors.toSet());
  }

  private static Set<String> deleted() {
    return probe.received(SnapshotDeleted.class).stream()
        .map(e -> e.data().snapshot().snapshotIdentifier())
        .collect(Collectors.toSet());
  }

  private static Optional<SnapshotFailed> failedFor(
      EventEnvelope<BackupRequested> run, String database) {
    return probe.received(SnapshotFailed.class).stream()
        .map(EventEnvelope::data)
        .filter(f -> run.eventId().equals(f.runId()))
        .filter(f -> f.sourceIdentifier().equals(fleet.id(database)))
        .findFirst();
  }

  private static List<RecoveryPointObjectiveBreached> breaches() {
    return probe.received(RecoveryPointObjectiveBreached.class).stream()
        .filter(e -> e.data().policy().equals("watched"))
        .collect(Collectors.toMap(EventEnvelope::eventId, EventEnvelope::data, (a, b) -> a))
        .values()
        .stream()
        .toList();
  }

  private static List<RecoveryPointObjectiveRestored> restorations() {
    return probe.received(RecoveryPointObjectiveRestored.class).stream()
        .filter(e -> e.data().policy().equals("watched"))
        .collect(Collectors.toMap(EventEnvelope::eventId, EventEnvelope::data, (a, b) -> a))
        .values()
        .stream()
        .toList();
  }
}
