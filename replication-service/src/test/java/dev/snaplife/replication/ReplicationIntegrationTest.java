package dev.snaplife.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.contracts.event.SnapshotShared;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.MovableClock;
import dev.snaplife.replication.testing.TestSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * replication-service as deployed, through its real listener, against the emulator: created
 * snapshots (instance and cluster) are shared with the allow-listed account only and copied to
 * another region, into another account and both, with each destination's key and the source's tags;
 * a default-key snapshot is re-encrypted before it is shared; a sixth concurrent cross-region copy
 * waits for a slot; duplicates change nothing; copies past their retention expire, the newest kept;
 * each failure says what to fix.
 */
@SpringBootTest(
    classes = {ReplicationServiceApplication.class, MovableClock.AsServiceClock.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReplicationIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final String HOME = "123456789012";
  static final String DR = "222222222222";
  static final String OTHER = "333333333333";
  static final String DR_ROLE = "arn:aws:iam::" + DR + ":role/" + ENV + "-replication";
  static final Region EU = Region.EU_WEST_1;
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final RdsClient rdsEu = aws.target().inRegion(EU).client(RdsClient.builder());
  static final RdsClient rdsDr = aws.target().assumingRole(DR_ROLE).client(RdsClient.builder());
  static final RdsClient rdsDrEu =
      aws.target().inRegion(EU).assumingRole(DR_ROLE).client(RdsClient.builder());
  static final String DR_KEY = drKeyInHomeRegion();
  static final EventProbe probe =
      aws.probe(
          EventType.SNAPSHOT_SHARED,
          EventType.SNAPSHOT_COPIED,
          EventType.SNAPSHOT_REPLICATION_FAILED,
          EventType.SNAPSHOT_DELETED);
  static final MovableClock clock = MovableClock.SHARED;

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.REPLICATION);
    String r = "snaplife.replication.";
    registry.add(r + "allowed-accounts", () -> DR + "," + OTHER);
    // No RDS events here: the copies end by the checks, which start soon.
    registry.add(r + "first-check", () -> "2s");
    registry.add(r + "reencrypt-kms-key-id", () -> aws.provisioned().sourceKmsKeyArn());
    registry.add(r + "destinations.eu.region", () -> "eu-west-1");
    registry.add(r + "destinations.eu.kms-key-id", () -> aws.provisioned().copyRegionKmsKeyArn());
    registry.add(r + "destinations.dr.account-id", () -> DR);
    registry.add(r + "destinations.dr.role-arn", () -> DR_ROLE);
    registry.add(r + "destinations.dr.kms-key-id", () -> DR_KEY);
    registry.add(r + "destinations.dr-eu.account-id", () -> DR);
    registry.add(r + "destinations.dr-eu.region", () -> "eu-west-1");
    registry.add(r + "destinations.dr-eu.role-arn", () -> DR_ROLE);
    registry.add(r + "destinations.dr-eu.kms-key-id", () -> aws.provisioned().drAccountKmsKeyArn());
    registry.add(r + "destinations.other.account-id", () -> OTHER);
    registry.add(r + "destinations.other.role-arn", () -> "arn:aws:iam::" + OTHER + ":role/dr");
    registry.add(r + "destinations.other.kms-key-id", () -> "alias/other");
    // Everywhere: the disaster-recovery copies of seed 002/003, chained included.
    registry.add(r + "rules.dr.identifier-pattern", () -> "^" + ENV + "-dr-");
    registry.add(r + "rules.dr.destinations", () -> "eu,dr,dr-eu");
    registry.add(r + "rules.dr.copy-retention-days", () -> "14");
    // Only to the other region: for the copy slots and for retention.
    registry.add(r + "rules.regional.identifier-pattern", () -> "^" + ENV + "-(burst|history)-");
    registry.add(r + "rules.regional.destinations", () -> "eu");
    registry.add(r + "rules.regional.copy-retention-days", () -> "7");
    registry.add(r + "rules.quota.identifier-pattern", () -> "^" + ENV + "-quota-");
    registry.add(r + "rules.quota.destinations", () -> "dr");
    registry.add(r + "rules.elsewhere.identifier-pattern", () -> "^" + ENV + "-norole-");
    registry.add(r + "rules.elsewhere.destinations", () -> "other");
  }

  @AfterEach
  void restoreTheEmulator() {
    aws.clearFaults();
    aws.setSnapshotCreationSeconds(3);
    aws.setCopySeconds(3);
    clock.setOffset(Duration.ZERO);
  }

  @Test
  void anInstanceSnapshotIsSharedWithTheAllowListedAccountOnlyAndCopiedEverywhere() {
    DBSnapshot source =
        instanceSnapshot(ENV + "-dr-orders", aws.provisioned().sourceKmsKeyArn(), "orders");

    created(ref(source));

    EventEnvelope<SnapshotShared> shared = awaitShared(source.dbSnapshotArn());
    assertThat(shared.data().sharedWithAccounts()).containsExactly(DR);
    assertThat(restoreAttribute(source.dbSnapshotIdentifier())).containsExactly(DR);
    Map<String, SnapshotRef> copies = awaitCopies(source.dbSnapshotArn(), 3);
    assertThat(copies.keySet())
        .containsExactlyInAnyOrder(HOME + "/eu-west-1", DR + "/us-east-1", DR + "/eu-west-1");
    assertThat(copies.get(HOME + "/eu-west-1").kmsKeyId())
        .isEqualTo(aws.provisioned().copyRegionKmsKeyArn());
    assertThat(copies.get(DR + "/us-east-1").kmsKeyId()).isEqualTo(DR_KEY);
    assertThat(copies.get(DR + "/eu-west-1").kmsKeyId())
        .isEqualTo(aws.provisioned().drAccountKmsKeyArn());
    Map<RdsClient, String> where = Map.of(rdsEu, "eu", rdsDr, "dr", rdsDrEu, "dr-eu");
    where.forEach(
        (client, destination) -> {
          DBSnapshot copy = describe(client, source.dbSnapshotIdentifier());
          assertThat(copy.status()).isEqualTo("available");
          assertThat(tags(copy.tagList()))
              .containsEntry("team", "orders")
              .containsEntry("CreatedBy", "Snaplife")
              .containsEntry("snaplife:copy-of", source.dbSnapshotArn())
              .containsEntry("snaplife:replication-rule", "dr")
              .containsEntry("snaplife:destination", destination)
              .containsEntry("snaplife:source-policy", "daily")
              .doesNotContainKey("snaplife:policy");
        });
  }

  @Test
  void aClusterSnapshotIsSharedAndCopiedEverywhere() {
    DBClusterSnapshot source =
        clusterSnapshot(ENV + "-dr-inventory", aws.provisioned().sourceKmsKeyArn());

    created(ref(source));

    assertThat(awaitShared(source.dbClusterSnapshotArn()).data().sharedWithAccounts())
        .containsExactly(DR);
    assertThat(
            rds
                .describeDBClusterSnapshotAttributes(
                    b -> b.dbClusterSnapshotIdentifier(source.dbClusterSnapshotIdentifier()))
                .dbClusterSnapshotAttributesResult()
                .dbClusterSnapshotAttributes()
                .stream()
                .filter(a -> a.attributeName().equals("restore"))
                .flatMap(a -> a.attributeValues().stream())
                .toList())
        .containsExactly(DR);
    Map<String, SnapshotRef> copies = awaitCopies(source.dbClusterSnapshotArn(), 3);
    assertThat(copies.values()).allMatch(c -> c.databaseKind() == DatabaseKind.DB_CLUSTER);
    assertThat(copies.get(DR + "/eu-west-1").kmsKeyId())
        .isEqualTo(aws.provisioned().drAccountKmsKeyArn());
    DBClusterSnapshot chained =
        rdsDrEu
            .describeDBClusterSnapshots(
                b -> b.dbClusterSnapshotIdentifier(source.dbClusterSnapshotIdentifier()))
            .dbClusterSnapshots()
            .get(0);
    assertThat(tags(chained.tagList())).containsEntry("snaplife:destination", "dr-eu");
  }

  @Test
  void aSnapshotOnTheAwsManagedKeyIsReEncryptedWithTheCustomerKeyBeforeItIsShared() {
    DBSnapshot source = instanceSnapshot(ENV + "-dr-legacy", null, "legacy");
    assertThat(source.kmsKeyId()).contains(":key/");

    created(ref(source));

    String reencrypted = source.dbSnapshotIdentifier() + "-cmk";
    DBSnapshot copy =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> describeOrNull(rds, reencrypted), c -> c != null);
    assertThat(copy.kmsKeyId()).isEqualTo(aws.provisioned().sourceKmsKeyArn());
    EventEnvelope<SnapshotShared> shared = awaitShared(copy.dbSnapshotArn());
    assertThat(shared.data().snapshot().kmsKeyId()).isEqualTo(aws.provisioned().sourceKmsKeyArn());
    assertThat(restoreAttribute(reencrypted)).containsExactly(DR);
    assertThat(restoreAttribute(source.dbSnapshotIdentifier())).isEmpty();
    assertThat(awaitCopies(copy.dbSnapshotArn(), 3)).hasSize(3);
    // The copies carry the original's tags, not the re-encrypted copy's.
    assertThat(tags(describe(rdsDr, reencrypted).tagList())).containsEntry("team", "legacy");
  }

  @Test
  void aSnapshotCreatedTwiceIsSharedOnceAndCopiedOncePerDestination() {
    DBSnapshot source =
        instanceSnapshot(ENV + "-dr-twice", aws.provisioned().sourceKmsKeyArn(), "twice");
    EventEnvelope<SnapshotCreated> event = createdEvent(ref(source));

    // The same message twice, and the same fact reported again under another event id.
    aws.publishAs(SnaplifeService.SNAPSHOT.source(), event, event);
    awaitCopies(source.dbSnapshotArn(), 3);
    aws.publishAs(SnaplifeService.SNAPSHOT.source(), createdEvent(ref(source)));

    await()
        .during(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                distinctIds(
                            probe.received(SnapshotShared.class).stream()
                                .filter(
                                    e ->
                                        e.data()
                                            .snapshot()
                                            .snapshotArn()
                                            .equals(source.dbSnapshotArn()))
                                .toList())
                        == 1
                    && distinctIds(copiesOf(source.dbSnapshotArn())) == 3);
    for (RdsClient client : List.of(rdsEu, rdsDr, rdsDrEu)) {
      assertThat(
              client
                  .describeDBSnapshots(b -> b.dbInstanceIdentifier(ENV + "-dr-twice"))
                  .dbSnapshots())
          .hasSize(1);
    }
  }

  @Test
  void aSixthConcurrentCrossRegionCopyWaitsForASlotAndThenCompletes() {
    aws.setCopySeconds(8);
    List<DBSnapshot> sources = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      sources.add(instanceSnapshot(ENV + "-burst-" + i, null, "burst"));
    }
    AtomicInteger mostInFlight = new AtomicInteger();

    sources.forEach(s -> created(ref(s)));

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long copying =
                  rdsEu
                      .describeDBSnapshotsPaginator(b -> b.snapshotType("manual"))
                      .dbSnapshots()
                      .stream()
                      .filter(s -> s.dbInstanceIdentifier().startsWith(ENV + "-burst-"))
                      .filter(s -> "copying".equals(s.status()))
                      .count();
              mostInFlight.accumulateAndGet((int) copying, Math::max);
              return sources.stream().allMatch(s -> copiesOf(s.dbSnapshotArn()).size() == 1);
            });
    // At most five at once; a copy still holding a slot from an earlier test may make it fewer.
    assertThat(mostInFlight.get()).isBetween(2, 5);
    assertThat(failuresOf(ENV + "-burst-")).isEmpty();
  }

  @Test
  void copiesPastTheirRetentionExpireAndTheNewestOfEachDatabaseStays() {
    String database = ENV + "-history-orders";
    createInstance(database, null, "history");
    DBSnapshot older = snapshotOf(database, database + "-1", "history");
    created(ref(older));
    awaitCopies(older.dbSnapshotArn(), 1);
    DBSnapshot newer = snapshotOf(database, database + "-2", "history");
    created(ref(newer));
    awaitCopies(newer.dbSnapshotArn(), 1);
    // Not Snaplife's: never touched, however old.
    rdsEu.copyDBSnapshot(
        b ->
            b.sourceDBSnapshotIdentifier(older.dbSnapshotArn())
                .targetDBSnapshotIdentifier(database + "-by-hand")
                .sourceRegion("us-east-1"));

    clock.setOffset(Duration.ofDays(30));
    aws.fireTimer(
        SnaplifeService.REPLICATION, Routing.REPLICATION_UPKEEP.name(), clock.instant(), "{}");

    EventEnvelope<SnapshotDeleted> deleted =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    probe.received(SnapshotDeleted.class).stream()
                        .filter(d -> d.data().snapshot().sourceIdentifier().equals(database))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(deleted.data().snapshot().snapshotIdentifier())
        .isEqualTo(older.dbSnapshotIdentifier());
    assertThat(deleted.data().snapshot().region()).isEqualTo("eu-west-1");
    assertThat(deleted.data().snapshot().accountId()).isEqualTo(HOME);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                describeOrNull(rdsEu, older.dbSnapshotIdentifier()) == null
                    && describeOrNull(rdsEu, newer.dbSnapshotIdentifier()) != null
                    && describeOrNull(rdsEu, database + "-by-hand") != null);
  }

  @Test
  void aFullManualSnapshotQuotaInTheDestinationIsReportedAndTheCopyWaits() {
    DBSnapshot source =
        instanceSnapshot(ENV + "-quota-orders", aws.provisioned().sourceKmsKeyArn(), "quota");
    long used =
        rdsDr.describeAccountAttributes().accountQuotas().stream()
            .filter(q -> q.accountQuotaName().equals("ManualSnapshots"))
            .findFirst()
            .orElseThrow()
            .used();
    // The quota is the emulator's, for every account: full in the destination from now on.
    aws.setRdsQuotas(Map.of("ManualSnapshots", (int) used));
    try {
      created(ref(source));

      SnapshotReplicationFailed failed = awaitFailure(source.dbSnapshotIdentifier());
      assertThat(failed.step()).isEqualTo(SnapshotReplicationFailed.Step.COPY);
      assertThat(failed.accountId()).isEqualTo(DR);
      assertThat(failed.failure().errorCode()).isEqualTo("SnapshotQuotaExceeded");
      assertThat(failed.failure().retryable()).isTrue();
      assertThat(failed.failure().reason())
          .contains("holds " + used + " of its " + used + " manual snapshots")
          .contains("raise the quota");
      assertThat(copiesOf(source.dbSnapshotArn())).isEmpty();
    } finally {
      aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000));
    }
  }

  @Test
  void aSnapshotThatNoLongerExistsIsReportedNotCopied() {
    DBSnapshot gone = instanceSnapshot(ENV + "-dr-gone", null, "gone");
    rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(gone.dbSnapshotIdentifier()));

    created(ref(gone));

    SnapshotReplicationFailed failed = awaitFailure(gone.dbSnapshotIdentifier());
    assertThat(failed.step()).isEqualTo(SnapshotReplicationFailed.Step.SHARE);
    assertThat(failed.failure().errorCode()).isEqualTo("SnapshotNotFound");
    assertThat(failed.failure().reason()).contains("no longer exists");
  }

  @Test
  void aSnapshotStillBeingCreatedIsReportedAndReplicatedOnceAvailable() {
    aws.setSnapshotCreationSeconds(12);
    createInstance(ENV + "-dr-slow", aws.provisioned().sourceKmsKeyArn(), "slow");
    DBSnapshot creating =
        rds.createDBSnapshot(
                b ->
                    b.dbInstanceIdentifier(ENV + "-dr-slow")
                        .dbSnapshotIdentifier(ENV + "-dr-slow-1"))
            .dbSnapshot();

    created(ref(creating));

    SnapshotReplicationFailed failed = awaitFailure(ENV + "-dr-slow-1");
    assertThat(failed.failure().errorCode()).isEqualTo("SnapshotNotAvailable");
    assertThat(failed.failure().retryable()).isTrue();
    assertThat(awaitCopies(creating.dbSnapshotArn(), 3)).hasSize(3);
  }

  @Test
  void aDestinationKeyThatIsNotAccessibleAndAMissingGrantAreReportedWithTheFix() {
    aws.setFaults(
        1,
        List.of(
            Map.of(
                "service", "rds",
                "operation", "CopyDBSnapshot",
                "region", "eu-west-1",
                "refuse", 1,
                "code", "KMSKeyNotAccessibleFault",
                "message", "The specified KMS key is not accessible")));
    DBSnapshot source =
        instanceSnapshot(ENV + "-dr-nokey", aws.provisioned().sourceKmsKeyArn(), "nokey");

    created(ref(source));

    // Both eu-west-1 destinations fail (this account's key, the other account's grant); the
    // copy into the other account in this region is made.
    List<SnapshotReplicationFailed> failed =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> failuresOf(source.dbSnapshotIdentifier()), l -> l.size() == 2);
    assertThat(failed)
        .extracting(SnapshotReplicationFailed::destination)
        .containsExactlyInAnyOrder("eu", "dr-eu");
    assertThat(failed)
        .allSatisfy(
            f -> {
              assertThat(f.step()).isEqualTo(SnapshotReplicationFailed.Step.COPY);
              assertThat(f.failure().errorCode()).isEqualTo("KMSKeyNotAccessibleFault");
              assertThat(f.failure().retryable()).isFalse();
              assertThat(f.failure().reason()).contains("kms:CreateGrant").contains("eu-west-1");
            });
    assertThat(awaitCopies(source.dbSnapshotArn(), 1)).containsOnlyKeys(DR + "/us-east-1");

    // The grant fixed, an operator requests the failed copy again: it is made.
    aws.clearFaults();
    aws.publishAs(
        "snaplife.operator",
        EventEnvelope.of(
            UUID.randomUUID(),
            Instant.now(),
            UUID.randomUUID(),
            null,
            "snaplife.operator",
            new SnapshotCopyRequested(
                ref(source), "daily", "dr", "eu", HOME, "eu-west-1", Map.of("team", "nokey"))));
    assertThat(awaitCopies(source.dbSnapshotArn(), 2)).containsKey(HOME + "/eu-west-1");
  }

  @Test
  void aRoleThatCannotBeAssumedIsReportedWithTheFix() {
    aws.setFaults(
        1,
        List.of(
            Map.of(
                "service", "sts",
                "operation", "AssumeRole",
                "refuse", 1,
                "code", "AccessDenied",
                "status", 403,
                "message", "not authorized to perform sts:AssumeRole")));
    DBSnapshot source =
        instanceSnapshot(ENV + "-norole-orders", aws.provisioned().sourceKmsKeyArn(), "norole");

    created(ref(source));

    SnapshotReplicationFailed failed = awaitFailure(source.dbSnapshotIdentifier());
    assertThat(failed.step()).isEqualTo(SnapshotReplicationFailed.Step.COPY);
    assertThat(failed.accountId()).isEqualTo(OTHER);
    assertThat(failed.failure().errorCode()).isEqualTo("RoleNotAssumable");
    assertThat(failed.failure().reason()).contains("trust policy");
  }

  // --- the fleet and the events ---

  static String drKeyInHomeRegion() {
    try (KmsClient kms = aws.target().assumingRole(DR_ROLE).client(KmsClient.builder())) {
      return kms.createKey(b -> b.description(ENV + " disaster-recovery copies"))
          .keyMetadata()
          .arn();
    }
  }

  static void createInstance(String id, String kmsKeyId, String team) {
    TestSnapshots.createInstance(rds, id, kmsKeyId, Tag.builder().key("team").value(team).build());
  }

  static DBSnapshot instanceSnapshot(String database, String kmsKeyId, String team) {
    createInstance(database, kmsKeyId, team);
    return snapshotOf(database, database + "-1", team);
  }

  /** A manual snapshot tagged as snapshot-service tags its own, once available. */
  static DBSnapshot snapshotOf(String database, String id, String team) {
    rds.createDBSnapshot(
        b ->
            b.dbInstanceIdentifier(database)
                .dbSnapshotIdentifier(id)
                .tags(
                    Tag.builder().key("CreatedBy").value("Snaplife").build(),
                    Tag.builder().key("snaplife:environment").value(ENV).build(),
                    Tag.builder().key("snaplife:policy").value("daily").build(),
                    Tag.builder().key("team").value(team).build()));
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> describe(rds, id), s -> "available".equals(s.status()));
  }

  static DBClusterSnapshot clusterSnapshot(String cluster, String kmsKeyId) {
    rds.createDBCluster(
        b ->
            b.dbClusterIdentifier(cluster)
                .engine("aurora-postgresql")
                .engineVersion("16.4")
                .masterUsername("admin")
                .masterUserPassword("not-a-secret-1")
                .storageEncrypted(true)
                .kmsKeyId(kmsKeyId));
    rds.createDBClusterSnapshot(
        b -> b.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(cluster + "-1"));
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(cluster + "-1"))
                    .dbClusterSnapshots()
                    .get(0),
            s -> "available".equals(s.status()));
  }

  static DBSnapshot describe(RdsClient client, String id) {
    return client.describeDBSnapshots(b -> b.dbSnapshotIdentifier(id)).dbSnapshots().get(0);
  }

  static DBSnapshot describeOrNull(RdsClient client, String id) {
    try {
      return describe(client, id);
    } catch (software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException e) {
      return null;
    }
  }

  static List<String> restoreAttribute(String id) {
    return rds
        .describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(id))
        .dbSnapshotAttributesResult()
        .dbSnapshotAttributes()
        .stream()
        .filter(a -> a.attributeName().equals("restore"))
        .flatMap(a -> a.attributeValues().stream())
        .toList();
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  static SnapshotRef ref(DBSnapshot s) {
    return TestSnapshots.ref(s, HOME);
  }

  static SnapshotRef ref(DBClusterSnapshot s) {
    return TestSnapshots.ref(s, HOME);
  }

  static EventEnvelope<SnapshotCreated> createdEvent(SnapshotRef snapshot) {
    return TestSnapshots.created(snapshot);
  }

  static void created(SnapshotRef snapshot) {
    aws.publishAs(SnaplifeService.SNAPSHOT.source(), createdEvent(snapshot));
  }

  static EventEnvelope<SnapshotShared> awaitShared(String arn) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                probe.received(SnapshotShared.class).stream()
                    .filter(e -> e.data().snapshot().snapshotArn().equals(arn))
                    .toList(),
            l -> !l.isEmpty())
        .get(0);
  }

  static List<EventEnvelope<SnapshotCopied>> copiesOf(String sourceArn) {
    return probe.received(SnapshotCopied.class).stream()
        .filter(e -> e.data().source().snapshotArn().equals(sourceArn))
        .collect(Collectors.toMap(EventEnvelope::eventId, e -> e, (a, b) -> a, LinkedHashMap::new))
        .values()
        .stream()
        .toList();
  }

  /** The copies of a source by {@code account/region}, once there are {@code count}. */
  static Map<String, SnapshotRef> awaitCopies(String sourceArn, int count) {
    List<EventEnvelope<SnapshotCopied>> copied =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> copiesOf(sourceArn), l -> l.size() >= count);
    assertThat(copied).hasSize(count);
    Map<String, SnapshotRef> byLocation = new LinkedHashMap<>();
    copied.forEach(
        e ->
            byLocation.put(
                e.data().copy().accountId() + "/" + e.data().copy().region(), e.data().copy()));
    return byLocation;
  }

  static List<SnapshotReplicationFailed> failuresOf(String identifierPrefix) {
    return probe.received(SnapshotReplicationFailed.class).stream()
        .collect(Collectors.toMap(EventEnvelope::eventId, e -> e, (a, b) -> a, LinkedHashMap::new))
        .values()
        .stream()
        .map(EventEnvelope::data)
        .filter(f -> f.snapshot().snapshotIdentifier().startsWith(identifierPrefix))
        .toList();
  }

  static SnapshotReplicationFailed awaitFailure(String identifier) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> failuresOf(identifier), l -> !l.isEmpty())
        .get(0);
  }

  static long distinctIds(List<? extends EventEnvelope<?>> events) {
    Set<UUID> ids = events.stream().map(EventEnvelope::eventId).collect(Collectors.toSet());
    return ids.size();
  }
}
