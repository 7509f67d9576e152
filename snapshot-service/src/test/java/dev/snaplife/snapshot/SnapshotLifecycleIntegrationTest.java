package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
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
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The snapshot service on the emulator, with a fleet of instances and clusters of mixed names, tags
 * and engines, told as one story: a first run, a run inside the interval, a duplicate and a
 * repeated request, retention a month later, a full quota, and a database that goes without a
 * snapshot past its recovery point objective. Snapshots stay "creating" for two seconds, so the
 * service has to follow them.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
@Import(SnapshotLifecycleIntegrationTest.Clocks.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotLifecycleIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EventProbe probe = aws.probe();
  static final Instant FIRST_RUN = Instant.now().truncatedTo(ChronoUnit.HOURS);
  static final String SCHEDULER = "snaplife.scheduler";

  @TestConfiguration
  static class Clocks {
    @Bean
    MutableClock clock() {
      return new MutableClock();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    String fleet = "snaplife.snapshot.policies.fleet.";
    registry.add(fleet + "name-pattern", () -> "^" + ENV + "-prod");
    registry.add(fleet + "tags[CopyDBSnapshot]", () -> "True");
    registry.add(fleet + "engines", () -> "postgres,aurora-mysql");
    registry.add(fleet + "exclusions", () -> ENV + "-prod-legacy");
    registry.add(fleet + "retention-days", () -> "7");
    String watched = "snaplife.snapshot.policies.watched.";
    registry.add(watched + "identifiers", () -> ENV + "-rpo-db");
    registry.add(watched + "rpo", () -> "1h");
    registry.add("snaplife.snapshot.poll-interval", () -> "1s");
    registry.add("snaplife.snapshot.rpo-check-interval", () -> "1s");
    registry.add("snaplife.snapshot.rpo-initial-delay", () -> "1s");
  }

  @BeforeAll
  static void fleet() {
    aws.setSnapshotCreationSeconds(2);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    Map<String, String> copy = Map.of("CopyDBSnapshot", "True");
    instance("prod-orders", "postgres", copy);
    instance("prod-reporting", "mysql", copy); // wrong engine
    instance("staging-orders", "postgres", copy); // wrong name
    instance("prod-legacy", "postgres", copy); // excluded
    instance("prod-untagged", "postgres", Map.of()); // no tag
    cluster("prod-billing", "aurora-mysql", copy);
    cluster("prod-analytics", "aurora-postgresql", copy); // wrong engine
    instance("rpo-db", "postgres", Map.of());
    // A newly created database that was never backed up: no automated snapshot either.
    rds.describeDBSnapshots(b -> b.dbInstanceIdentifier(ENV + "-rpo-db"))
        .dbSnapshots()
        .forEach(s -> rds.deleteDBSnapshot(d -> d.dbSnapshotIdentifier(s.dbSnapshotIdentifier())));
  }

  @AfterAll
  static void restoreQuotas() {
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
  }

  @Autowired MutableClock clock;

  @Test
  @Order(1)
  void aDatabaseWithoutAnySnapshotBreachesItsRpoOnceAndRecoversOnceSnapshotted() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !probe.received(RecoveryPointObjectiveBreached.class).isEmpty());
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
    List<EventEnvelope<RecoveryPointObjectiveBreached>> breaches =
        probe.received(RecoveryPointObjectiveBreached.class);
    assertThat(breaches.stream().map(EventEnvelope::eventId).distinct()).hasSize(1);
    assertThat(breaches.get(0).data().sourceIdentifier()).isEqualTo(ENV + "-rpo-db");
    assertThat(breaches.get(0).data().newestSnapshotAt()).isNull();

    request("watched", FIRST_RUN);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !probe.received(RecoveryPointObjectiveRestored.class).isEmpty());
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(
            probe.received(RecoveryPointObjectiveRestored.class).stream()
                .map(EventEnvelope::eventId)
                .distinct())
        .hasSize(1);
    assertThat(
            probe.received(RecoveryPointObjectiveBreached.class).stream()
                .map(EventEnvelope::eventId)
                .distinct())
        .as("no second alert after recovery")
        .hasSize(1);
  }

  @Test
  @Order(2)
  void snapshotsExactlyTheSelectedDatabasesAndReportsEachOnceAvailable() {
    EventEnvelope<BackupRequested> run = request("fleet", FIRST_RUN);

    String orders = name("prod-orders", FIRST_RUN);
    String billing = name("prod-billing", FIRST_RUN);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> createdIdentifiers().containsAll(Set.of(orders, billing)));

    assertThat(fleetSnapshots()).containsExactlyInAnyOrder(orders, billing);
    BackupRunPlanned plan = plannedFor(run).data();
    assertThat(plan.plannedSnapshots()).containsExactlyInAnyOrder(orders, billing);
    assertThat(plan.dryRun()).isFalse();
    SnapshotCreated created =
        probe.received(SnapshotCreated.class).stream()
            .filter(e -> e.data().snapshot().snapshotIdentifier().equals(billing))
            .findFirst()
            .orElseThrow()
            .data();
    assertThat(created.runId()).isEqualTo(run.eventId());
    assertThat(created.snapshot().databaseKind().name()).isEqualTo("DB_CLUSTER");
    assertThat(rdsTags(orders))
        .containsEntry(SnaplifeTags.CREATED_BY, "Snaplife")
        .containsEntry(SnaplifeTags.POLICY, "fleet");
  }

  @Test
  @Order(3)
  void aSecondRequestInsideTheIntervalCreatesNothing() {
    EventEnvelope<BackupRequested> run = request("fleet", FIRST_RUN.plus(Duration.ofHours(1)));

    BackupRunPlanned plan = plannedFor(run).data();

    assertThat(plan.plannedSnapshots()).isEmpty();
    assertThat(plan.skippedDatabases())
        .containsExactlyInAnyOrder(ENV + "-prod-orders", ENV + "-prod-billing");
    assertThat(fleetSnapshots()).hasSize(2);
  }

  @Test
  @Order(4)
  void aDuplicateDeliveryAndARepeatedRequestTakeNoSecondSnapshotAndReportItOnce() {
    Instant next = FIRST_RUN.plus(Duration.ofHours(25));
    EventEnvelope<BackupRequested> run = envelope("fleet", next);
    String message = aws.asEventBridgeMessage(SCHEDULER, run);
    aws.sendRaw(SnaplifeService.SNAPSHOT, message);
    aws.sendRaw(SnaplifeService.SNAPSHOT, message);
    EventEnvelope<BackupRequested> again = request("fleet", next); // same run, new event id

    String orders = name("prod-orders", next);
    await().atMost(Duration.ofSeconds(30)).until(() -> createdIdentifiers().contains(orders));
    plannedFor(again);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> true);

    assertThat(fleetSnapshots()).hasSize(4);
    assertThat(
            probe.received(SnapshotCreated.class).stream()
                .filter(e -> e.data().snapshot().snapshotIdentifier().equals(orders))
                .map(EventEnvelope::eventId)
                .distinct())
        .as("every report of the snapshot carries one event id")
        .hasSize(1);
    assertThat(run.eventId()).isNotEqualTo(again.eventId());
  }

  @Test
  @Order(5)
  void aMonthLaterRetentionDeletesExactlyTheExpiredSnapshots() {
    String held = ENV + "-held";
    String foreign = ENV + "-foreign";
    String otherPolicy = ENV + "-other-policy";
    manualSnapshot("prod-orders", held, tagsOf("fleet", Map.of(SnaplifeTags.LEGAL_HOLD, "true")));
    manualSnapshot("prod-orders", foreign, Map.of());
    manualSnapshot("prod-orders", otherPolicy, tagsOf("weekly", Map.of()));
    await().atMost(Duration.ofSeconds(10)).until(() -> status(otherPolicy).equals("available"));
    clock.advance(Duration.ofDays(30));
    Instant monthLater = FIRST_RUN.plus(Duration.ofDays(30));

    EventEnvelope<BackupRequested> run = request("fleet", monthLater);
    BackupRunPlanned plan = plannedFor(run).data();

    // prod-billing keeps its newest available snapshot (+25h; the new one is still creating).
    // prod-orders' newest is the one on legal hold, so its +25h snapshot expires as well.
    Instant dayTwo = FIRST_RUN.plus(Duration.ofHours(25));
    assertThat(plan.plannedDeletions())
        .containsExactlyInAnyOrder(
            name("prod-orders", FIRST_RUN),
            name("prod-billing", FIRST_RUN),
            name("prod-orders", dayTwo));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                probe.received(SnapshotDeleted.class).stream()
                    .map(e -> e.data().snapshot().snapshotIdentifier())
                    .collect(Collectors.toSet())
                    .containsAll(plan.plannedDeletions()));
    assertThat(exists(name("prod-orders", FIRST_RUN))).isFalse();
    assertThat(exists(name("prod-billing", dayTwo))).as("newest of the database").isTrue();
    assertThat(exists(held)).isTrue();
    assertThat(exists(foreign)).isTrue();
    assertThat(exists(otherPolicy)).isTrue();
  }

  @Test
  @Order(6)
  void aFullQuotaFailsTheSnapshotsThatDoNotFitAndTheRunGoesOn() {
    long used =
        rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
            .toList()
            .size();
    aws.setRdsQuotas(Map.of("ManualSnapshots", (int) used));
    Instant later = FIRST_RUN.plus(Duration.ofDays(32));

    EventEnvelope<BackupRequested> run = request("fleet", later);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> createdIdentifiers().contains(name("prod-billing", later)));
    SnapshotFailed failed =
        probe.received(SnapshotFailed.class).stream()
            .filter(e -> run.eventId().equals(e.data().runId()))
            .findFirst()
            .orElseThrow()
            .data();
    assertThat(failed.sourceIdentifier()).isEqualTo(ENV + "-prod-orders");
    assertThat(failed.failure().retryable()).isTrue();
    assertThat(failed.failure().errorCode()).isEqualTo("SnapshotQuotaExceeded");
    assertThat(exists(name("prod-orders", later))).isFalse();
  }

  private static void instance(String name, String engine, Map<String, String> tags) {
    rds.createDBInstance(
        b ->
            b.dbInstanceIdentifier(ENV + "-" + name)
                .engine(engine)
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-a-real-password")
                .tags(tagList(tags)));
  }

  private static void cluster(String name, String engine, Map<String, String> tags) {
    rds.createDBCluster(
        b ->
            b.dbClusterIdentifier(ENV + "-" + name)
                .engine(engine)
                .masterUsername("admin")
                .masterUserPassword("not-a-real-password")
                .tags(tagList(tags)));
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }

  private static Map<String, String> tagsOf(String policy, Map<String, String> extra) {
    Map<String, String> tags =
        new java.util.HashMap<>(
            SnaplifeTags.forNewSnapshot(
                new BackupPolicy(
                    ENV,
                    policy,
                    Set.of(),
                    null,
                    Map.of(),
                    Set.of(),
                    null,
                    Set.of(),
                    Duration.ofDays(1),
                    "snaplife",
                    new BackupPolicy.Retention(7, 0, 0, 0),
                    true,
                    false,
                    null,
                    false,
                    false),
                UUID.randomUUID(),
                UUID.randomUUID(),
                FIRST_RUN));
    tags.putAll(extra);
    return tags;
  }

  private static void manualSnapshot(String db, String id, Map<String, String> tags) {
    rds.createDBSnapshot(
        b -> b.dbInstanceIdentifier(ENV + "-" + db).dbSnapshotIdentifier(id).tags(tagList(tags)));
  }

  private static EventEnvelope<BackupRequested> envelope(String policy, Instant at) {
    return Events.envelope(new BackupRequested(policy, at, null, false), SCHEDULER);
  }

  private static EventEnvelope<BackupRequested> request(String policy, Instant at) {
    EventEnvelope<BackupRequested> run = envelope(policy, at);
    aws.publishAs(SCHEDULER, run);
    return run;
  }

  private static String name(String db, Instant at) {
    return dev.snaplife.snapshot.domain.SnapshotNaming.identifier("snaplife", ENV + "-" + db, at);
  }

  private static EventEnvelope<BackupRunPlanned> plannedFor(EventEnvelope<BackupRequested> run) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                probe.received(BackupRunPlanned.class).stream()
                    .filter(e -> e.data().runId().equals(run.eventId()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private static Set<String> createdIdentifiers() {
    return probe.received(SnapshotCreated.class).stream()
        .map(e -> e.data().snapshot().snapshotIdentifier())
        .collect(Collectors.toSet());
  }

  /** Identifiers of the snapshots the fleet policy made, instances and clusters. */
  private static List<String> fleetSnapshots() {
    List<String> ids = new java.util.ArrayList<>();
    rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .toList()
        .stream()
        .filter(s -> s.dbInstanceIdentifier().startsWith(ENV + "-"))
        .filter(s -> hasTag(s.tagList(), SnaplifeTags.POLICY, "fleet"))
        .filter(s -> !hasTag(s.tagList(), SnaplifeTags.LEGAL_HOLD, "true"))
        .forEach(s -> ids.add(s.dbSnapshotIdentifier()));
    rds
        .describeDBClusterSnapshotsPaginator(b -> b.snapshotType("manual"))
        .dbClusterSnapshots()
        .stream()
        .toList()
        .stream()
        .filter(s -> s.dbClusterIdentifier().startsWith(ENV + "-"))
        .filter(s -> hasTag(s.tagList(), SnaplifeTags.POLICY, "fleet"))
        .forEach(s -> ids.add(s.dbClusterSnapshotIdentifier()));
    return ids;
  }

  private static boolean hasTag(List<Tag> tags, String key, String value) {
    return tags.stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value));
  }

  private static Map<String, String> rdsTags(String snapshot) {
    return rds
        .describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshot))
        .dbSnapshots()
        .get(0)
        .tagList()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static String status(String snapshot) {
    return rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshot)).dbSnapshots().stream()
        .map(DBSnapshot::status)
        .findFirst()
        .orElse("absent");
  }

  private static boolean exists(String snapshot) {
    boolean instance =
        rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
            .toList()
            .stream()
            .anyMatch(s -> s.dbSnapshotIdentifier().equals(snapshot));
    boolean cluster =
        rds
            .describeDBClusterSnapshotsPaginator(b -> b.snapshotType("manual"))
            .dbClusterSnapshots()
            .stream()
            .toList()
            .stream()
            .anyMatch(s -> s.dbClusterSnapshotIdentifier().equals(snapshot));
    return instance || cluster;
  }
}
