package dev.snaplife.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.ExportFailed;
import dev.snaplife.contracts.event.ExportStarted;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.MovableClock;
import dev.snaplife.platform.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.S3Target;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * export-service as deployed, through its real listener, against the emulator (whose exports take a
 * few seconds, write RDS's files and send RDS's events, and whose crawlers catalogue them): a
 * snapshot is exported once however often it is reported, its files land under the rule's prefix,
 * the one crawler of its database runs and its tables are reported; failed and canceled exports say
 * why; a lost completion event is caught by the upkeep; unsupported engines fail clearly; a sixth
 * concurrent export waits for a slot; exports past retention are deleted, the newest kept.
 */
@SpringBootTest(
    classes = {ExportServiceApplication.class, MovableClock.AsServiceClock.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ExportIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final String HOME = "123456789012";
  static final String BUCKET = aws.names().exportsBucket(HOME, "us-east-1");
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final GlueClient glue = aws.target().client(GlueClient.builder());
  static final S3Client s3 = aws.target().client(S3Client.builder());
  static final EventProbe probe =
      aws.probe(EventType.EXPORT_STARTED, EventType.EXPORT_COMPLETED, EventType.EXPORT_FAILED);
  static final MovableClock clock = MovableClock.SHARED;
  static final Duration EXPORTED = Duration.ofSeconds(90);

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.EXPORT);
    String e = "snaplife.export.";
    registry.add(e + "crawl-check", () -> "1s");
    String role = "arn:aws:iam::" + HOME + ":role/" + ENV + "-export";
    for (String rule : List.of("lake", "plain", "dr")) {
      registry.add(e + "rules." + rule + ".bucket", () -> BUCKET);
      registry.add(e + "rules." + rule + ".iam-role-arn", () -> role);
      registry.add(e + "rules." + rule + ".kms-key-id", () -> aws.provisioned().sourceKmsKeyArn());
      registry.add(e + "rules." + rule + ".glue.crawler-role-arn", () -> role + "-crawler");
    }
    registry.add(e + "rules.lake.snapshot-pattern", () -> ENV + "-lake-.*");
    registry.add(e + "rules.lake.retention-days", () -> "7");
    registry.add(e + "rules.plain.snapshot-pattern", () -> ENV + "-plain-.*");
    registry.add(e + "rules.plain.glue.enabled", () -> "false");
    registry.add(e + "rules.plain.export-only", () -> "app.customers");
    registry.add(e + "rules.plain.prefix", () -> "flat");
    // Copies only, of policy "dr": replication's copies in this account and region.
    registry.add(e + "rules.dr.policies", () -> "dr");
    registry.add(e + "rules.dr.sources", () -> "false");
    registry.add(e + "rules.dr.copies", () -> "true");
  }

  @AfterEach
  void restoreTheEmulator() {
    aws.setExportSeconds(2);
    aws.setCrawlSeconds(1);
    aws.clearExportFailures();
    aws.setExportEventsSent(true);
    aws.setSnapshotCreationSeconds(3);
    clock.setOffset(Duration.ZERO);
  }

  @Test
  void aSnapshotReportedTwiceIsExportedOnceCataloguedAndReported() {
    aws.setExportSeconds(2);
    aws.setCrawlSeconds(1);
    DBSnapshot snapshot = postgresSnapshot(ENV + "-lake-orders");
    EventEnvelope<SnapshotCreated> event = created(ref(snapshot), "daily");

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), event, event);
    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(snapshot), "daily"));

    ExportCompleted done = awaitCompleted(snapshot.dbSnapshotArn()).data();
    String source = snapshot.dbInstanceIdentifier();
    assertThat(done.rule()).isEqualTo("lake");
    assertThat(done.location().bucket()).isEqualTo(BUCKET);
    assertThat(done.location().key())
        .isEqualTo("exports/" + source + "/" + done.exportTaskIdentifier() + "/");
    assertThat(done.exportTaskIdentifier()).hasSizeLessThanOrEqualTo(60).matches("[a-z][a-z0-9-]*");
    assertThat(keys(done.location().key()))
        .anyMatch(k -> k.endsWith("export_info_" + done.exportTaskIdentifier() + ".json"))
        .anyMatch(k -> k.contains("/app/public.customers/") && k.endsWith(".parquet"))
        .anyMatch(k -> k.contains("/app/public.orders/") && k.endsWith(".parquet"));
    assertThat(done.glueDatabase()).isEqualTo("lake_" + source.replace('-', '_'));
    assertThat(done.glueCrawler()).isEqualTo(ENV + "-export-lake-" + source);
    Crawler crawler = glue.getCrawler(b -> b.name(done.glueCrawler())).crawler();
    assertThat(crawler.databaseName()).isEqualTo(done.glueDatabase());
    assertThat(crawler.targets().s3Targets().stream().map(S3Target::path))
        .containsExactly(done.location().uri());
    assertThat(crawler.lastCrawl().statusAsString()).isEqualTo("SUCCEEDED");
    List<String> tables =
        glue.getTables(b -> b.databaseName(done.glueDatabase())).tableList().stream()
            .map(Table::name)
            .toList();
    assertThat(done.glueTables()).containsExactlyInAnyOrderElementsOf(tables).hasSize(2);
    assertThat(tables).contains("public_customers", "public_orders");

    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                exportTasksOf(snapshot.dbSnapshotArn()).size() == 1
                    && distinctIds(completedOf(snapshot.dbSnapshotArn())) == 1);
    // The start was announced once too (the lifecycle ledger shows the export running), before
    // its outcome and naming the same task and folder.
    List<EventEnvelope<ExportStarted>> started =
        probe.received(ExportStarted.class).stream()
            .filter(e -> e.data().snapshot().snapshotArn().equals(snapshot.dbSnapshotArn()))
            .toList();
    assertThat(distinctIds(started)).isEqualTo(1);
    assertThat(started.get(0).data().exportTaskIdentifier()).isEqualTo(done.exportTaskIdentifier());
    assertThat(started.get(0).data().location()).isEqualTo(done.location());
    assertThat(started.get(0).occurredAt())
        .isBefore(completedOf(snapshot.dbSnapshotArn()).get(0).occurredAt());
  }

  @Test
  void aClusterSnapshotIsExportedWithItsFilterAndReportedWithoutACatalogue() {
    DBClusterSnapshot snapshot = auroraMysqlSnapshot(ENV + "-plain-billing");

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(snapshot), "daily"));

    ExportCompleted done = awaitCompleted(snapshot.dbClusterSnapshotArn()).data();
    assertThat(done.glueDatabase()).isNull();
    assertThat(done.glueTables()).isNull();
    assertThat(done.exportOnly()).containsExactly("app.customers");
    assertThat(done.location().key()).startsWith("flat/" + snapshot.dbClusterIdentifier() + "/");
    List<String> parquet =
        keys(done.location().key()).stream().filter(k -> k.endsWith(".parquet")).toList();
    assertThat(parquet).isNotEmpty().allMatch(k -> k.contains("/app/app.customers/"));
    ExportTask task = exportTasksOf(snapshot.dbClusterSnapshotArn()).get(0);
    assertThat(task.exportOnly()).containsExactly("app.customers");
    assertThat(task.kmsKeyId()).isEqualTo(aws.provisioned().sourceKmsKeyArn());
  }

  @Test
  void aCopyFromReplicationIsExportedByACopiesRule() {
    DBSnapshot copy = postgresSnapshot(ENV + "-copy-ledger");
    SnapshotRef ref = ref(copy);

    aws.publishAs(
        SnaplifeService.REPLICATION.source(),
        EventEnvelope.of(
            UUID.randomUUID(),
            Instant.now(),
            UUID.randomUUID(),
            null,
            SnaplifeService.REPLICATION.source(),
            new SnapshotCopied(ref, ref, "dr", 14)));

    assertThat(awaitCompleted(copy.dbSnapshotArn()).data().rule()).isEqualTo("dr");
  }

  @Test
  void aFailedExportIsReportedWithRdsCause() {
    aws.failExports(ENV + "-lake-broken.*", "The IAM role cannot write to the bucket.");
    DBSnapshot snapshot = postgresSnapshot(ENV + "-lake-broken");

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(snapshot), "daily"));

    ExportFailed failed = awaitFailed(snapshot.dbSnapshotArn()).data();
    assertThat(failed.step()).isEqualTo(ExportFailed.Step.EXPORT);
    assertThat(failed.failure().errorCode()).isEqualTo("ExportFailed");
    assertThat(failed.failure().reason()).contains("The IAM role cannot write to the bucket.");
    assertThat(failed.rule()).isEqualTo("lake");
  }

  @Test
  void aCanceledExportIsReportedAsCanceled() {
    aws.setExportSeconds(60);
    DBSnapshot snapshot = postgresSnapshot(ENV + "-lake-canceled");

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(snapshot), "daily"));
    ExportTask task =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> exportTasksOf(snapshot.dbSnapshotArn()),
                t -> !t.isEmpty() && t.get(0).status().equals("IN_PROGRESS"))
            .get(0);
    rds.cancelExportTask(b -> b.exportTaskIdentifier(task.exportTaskIdentifier()));

    ExportFailed failed = awaitFailed(snapshot.dbSnapshotArn()).data();
    assertThat(failed.failure().errorCode()).isEqualTo("ExportCanceled");
    assertThat(failed.exportTaskIdentifier()).isEqualTo(task.exportTaskIdentifier());
  }

  @Test
  void anExportWhoseCompletionEventIsLostIsCaughtByTheUpkeep() {
    aws.setExportEventsSent(false);
    DBSnapshot snapshot = postgresSnapshot(ENV + "-lake-quiet");

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(snapshot), "daily"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> exportTasksOf(snapshot.dbSnapshotArn()),
            t -> !t.isEmpty() && t.get(0).status().equals("COMPLETE"));
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> completedOf(snapshot.dbSnapshotArn()).isEmpty());

    aws.fireTimer(SnaplifeService.EXPORT, Routing.EXPORT_UPKEEP.name(), Instant.now(), "{}");

    assertThat(awaitCompleted(snapshot.dbSnapshotArn()).data().glueTables()).isNotEmpty();
  }

  @Test
  void anEngineRdsCannotExportFailsClearlyWithoutATask() {
    SnapshotRef oracle =
        new SnapshotRef(
            "arn:aws:rds:us-east-1:" + HOME + ":snapshot:" + ENV + "-lake-erp",
            ENV + "-lake-erp",
            DatabaseKind.DB_INSTANCE,
            "erp",
            "oracle-ee",
            "19.0",
            HOME,
            "us-east-1",
            true,
            aws.provisioned().sourceKmsKeyArn(),
            Instant.now(),
            100);

    aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(oracle, "daily"));

    ExportFailed failed = awaitFailed(oracle.snapshotArn()).data();
    assertThat(failed.step()).isEqualTo(ExportFailed.Step.START);
    assertThat(failed.failure().errorCode()).isEqualTo("UnsupportedEngine");
    assertThat(failed.failure().reason()).contains("oracle-ee").contains("rule lake");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(exportTasksOf(oracle.snapshotArn())).isEmpty();
  }

  @Test
  void aSixthConcurrentExportWaitsForASlotAndThenCompletes() {
    aws.setExportSeconds(6);
    List<DBSnapshot> snapshots =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> postgresSnapshot(ENV + "-lake-burst-" + i))
            .toList();

    for (DBSnapshot s : snapshots) {
      aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(ref(s), "daily"));
    }

    Set<String> arns =
        snapshots.stream().map(DBSnapshot::dbSnapshotArn).collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(30)).until(() -> inProgress(arns) == 5);
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              assertThat(inProgress(arns)).isLessThanOrEqualTo(5);
              assertThat(
                      probe.received(ExportCompleted.class).stream()
                          .map(e -> e.data().snapshot().snapshotArn())
                          .filter(arns::contains)
                          .collect(Collectors.toSet()))
                  .hasSize(6);
            });
    assertThat(probe.received(ExportFailed.class))
        .noneMatch(e -> arns.contains(e.data().snapshot().snapshotArn()));
  }

  @Test
  void exportsPastRetentionAreDeletedTheNewestKeptAndTheCrawlerFollows() {
    // Two exports of one database at once: the second waits for the crawler the first started.
    aws.setCrawlSeconds(3);
    DBSnapshot first = postgresSnapshot(ENV + "-lake-history-1", "history");
    DBSnapshot second = snapshotOf("history", ENV + "-lake-history-2");
    aws.publishAs(
        SnaplifeService.SNAPSHOT.source(),
        created(ref(first), "daily"),
        created(ref(second), "daily"));
    ExportCompleted one = awaitCompleted(first.dbSnapshotArn()).data();
    ExportCompleted other = awaitCompleted(second.dbSnapshotArn()).data();
    assertThat(one.glueCrawler()).isEqualTo(other.glueCrawler());
    assertThat(one.glueTables()).isNotEmpty().doesNotContainAnyElementsOf(other.glueTables());
    assertThat(other.glueTables()).isNotEmpty();
    assertThat(glue.getCrawler(b -> b.name(one.glueCrawler())).crawler().targets().s3Targets())
        .hasSize(2);

    clock.setOffset(Duration.ofDays(8));
    aws.fireTimer(SnaplifeService.EXPORT, Routing.EXPORT_UPKEEP.name(), clock.instant(), "{}");

    // Both are past the 7 days now; the one that completed last is the newest, and kept.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> keys(one.location().key()).isEmpty() != keys(other.location().key()).isEmpty());
    ExportCompleted kept = keys(one.location().key()).isEmpty() ? other : one;
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        glue
                            .getCrawler(b -> b.name(kept.glueCrawler()))
                            .crawler()
                            .targets()
                            .s3Targets()
                            .stream()
                            .map(S3Target::path))
                    .containsExactly(kept.location().uri()));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !keys(kept.location().key()).isEmpty());
  }

  // --- the fleet and the events snapshot-service would publish ---

  private static DBSnapshot postgresSnapshot(String snapshotId) {
    return postgresSnapshot(snapshotId, snapshotId.substring(ENV.length() + 1) + "-db");
  }

  private static DBSnapshot postgresSnapshot(String snapshotId, String instanceSuffix) {
    TestFleet.postgresInstance(
        rds, ENV + "-" + instanceSuffix, aws.provisioned().sourceKmsKeyArn());
    return snapshotOf(instanceSuffix, snapshotId);
  }

  private static DBSnapshot snapshotOf(String instanceSuffix, String snapshotId) {
    rds.createDBSnapshot(
        b -> b.dbInstanceIdentifier(ENV + "-" + instanceSuffix).dbSnapshotIdentifier(snapshotId));
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshotId))
                    .dbSnapshots()
                    .get(0),
            s -> "available".equals(s.status()));
  }

  private static DBClusterSnapshot auroraMysqlSnapshot(String snapshotId) {
    String cluster = snapshotId.replace("-plain-", "-cluster-");
    rds.createDBCluster(
        b ->
            b.dbClusterIdentifier(cluster)
                .engine("aurora-mysql")
                .engineVersion("8.0.mysql_aurora.3.05.2")
                .masterUsername("admin")
                .masterUserPassword("not-a-secret-1")
                .storageEncrypted(true)
                .kmsKeyId(aws.provisioned().sourceKmsKeyArn()));
    rds.createDBClusterSnapshot(
        b -> b.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snapshotId));
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(snapshotId))
                    .dbClusterSnapshots()
                    .get(0),
            s -> "available".equals(s.status()));
  }

  private static SnapshotRef ref(DBSnapshot s) {
    return TestFleet.ref(s, HOME, "us-east-1");
  }

  private static SnapshotRef ref(DBClusterSnapshot s) {
    return TestFleet.ref(s, HOME, "us-east-1");
  }

  private static EventEnvelope<SnapshotCreated> created(SnapshotRef snapshot, String policy) {
    return TestFleet.created(snapshot, policy);
  }

  // --- what to look at ---

  private static EventEnvelope<ExportCompleted> awaitCompleted(String snapshotArn) {
    return await().atMost(EXPORTED).until(() -> completedOf(snapshotArn), l -> !l.isEmpty()).get(0);
  }

  private static List<EventEnvelope<ExportCompleted>> completedOf(String snapshotArn) {
    return probe.received(ExportCompleted.class).stream()
        .filter(e -> e.data().snapshot().snapshotArn().equals(snapshotArn))
        .toList();
  }

  private static EventEnvelope<ExportFailed> awaitFailed(String snapshotArn) {
    return await()
        .atMost(EXPORTED)
        .until(
            () ->
                probe.received(ExportFailed.class).stream()
                    .filter(e -> e.data().snapshot().snapshotArn().equals(snapshotArn))
                    .toList(),
            l -> !l.isEmpty())
        .get(0);
  }

  private static long distinctIds(List<? extends EventEnvelope<?>> events) {
    return events.stream().map(EventEnvelope::eventId).distinct().count();
  }

  private static List<ExportTask> exportTasksOf(String snapshotArn) {
    return rds.describeExportTasks(b -> {}).exportTasks().stream()
        .filter(t -> snapshotArn.equals(t.sourceArn()))
        .toList();
  }

  private static long inProgress(Set<String> arns) {
    return rds.describeExportTasks(b -> {}).exportTasks().stream()
        .filter(t -> arns.contains(t.sourceArn()))
        .filter(t -> Set.of("STARTING", "IN_PROGRESS").contains(t.status()))
        .count();
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }
}
