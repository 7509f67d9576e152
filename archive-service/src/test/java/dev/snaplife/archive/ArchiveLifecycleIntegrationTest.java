package dev.snaplife.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.testing.TestDatabases;
import dev.snaplife.contracts.event.ArchiveExpired;
import dev.snaplife.contracts.event.ArchiveFailed;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.contracts.event.ArchiveVerificationFailed;
import dev.snaplife.contracts.event.ArchiveVerified;
import dev.snaplife.contracts.event.ArchiveWritten;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.TableRows;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * archive-service as deployed, through its real listener, against the emulator and real PostgreSQL
 * and MariaDB servers holding tens of megabytes: a scheduled run archives every tagged database
 * into Glacier Instant Retrieval, journals it, and proves it restores; duplicates write once;
 * failures are reported without the login and without leftover parts; a corrupted archive fails its
 * verification; retention expires from the journal and says what an early deletion costs.
 */
@SpringBootTest(
    classes = ArchiveServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ArchiveLifecycleIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final String DB = ENV.replace('-', '_');
  static final String PG_INSTANCE = ENV + "-orders-pg";
  static final String MARIA_INSTANCE = ENV + "-shop-maria";
  static final String BAD_INSTANCE = ENV + "-badpw-pg";
  static final String BIG_INSTANCE = ENV + "-big-pg";
  static final TestDatabases pg = TestDatabases.postgres();
  static final TestDatabases maria = TestDatabases.mariadb();
  static String PG_DATABASE;
  static String MARIA_DATABASE;
  static String BIG_DATABASE;
  static final String BACKUP_PASSWORD = "backup-" + ENV + "-S3cr3t!";
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final S3Client s3 = aws.target().client(S3Client.builder());
  static final DynamoDbClient dynamo = aws.dynamo();
  static final SecretsManagerClient secrets = aws.target().client(SecretsManagerClient.builder());
  static final EventProbe probe = aws.probe();
  static String bucket;

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.ARCHIVE);
    String p = "snaplife.archive.policies.";
    registry.add(p + "monthly.tags.archive", () -> ENV);
    registry.add(p + "monthly.schedule", () -> "cron(30 1 1 * ? *)");
    registry.add(p + "monthly.retention-days", () -> "365");
    registry.add(p + "monthly.transition.after-days", () -> "90");
    registry.add(p + "monthly.transition.storage-class", () -> "DEEP_ARCHIVE");
    registry.add(p + "monthly.kms-key-id", () -> aws.provisioned().sourceKmsKeyArn());
    // Requested by hand, kept a year, verified only when a test makes it due.
    registry.add(
        p + "manual.identifiers", () -> PG_INSTANCE + "," + BAD_INSTANCE + "," + BIG_INSTANCE);
    registry.add(p + "manual.verify-after-write", () -> "false");
    // Kept one day: what retention expires.
    registry.add(p + "short.identifiers", () -> PG_INSTANCE);
    registry.add(p + "short.retention-days", () -> "1");
    registry.add(p + "short.verify-after-write", () -> "false");
    registry.add("snaplife.archive.secret-prefix", () -> ENV + "/archive/");
    registry.add("snaplife.archive.part-size", () -> "5MB");
    registry.add("snaplife.archive.verification.postgres.secret", () -> ENV + "/verify/postgres");
    registry.add("snaplife.archive.verification.mysql.secret", () -> ENV + "/verify/mysql");
  }

  @BeforeAll
  static void databasesLoginsAndInstances() {
    pg.requireReachable();
    maria.requireReachable();
    bucket = aws.names().archivesBucket(aws.target().accountId(), aws.target().region().id());
    PG_DATABASE = pg.createDatabase(DB + "_orders");
    pg.execute(
        PG_DATABASE,
        "CREATE TABLE customers (id bigint PRIMARY KEY, name text, note text)",
        "INSERT INTO customers SELECT g, 'customer ' || g, CASE WHEN g % 7 = 0 THEN NULL"
            + " ELSE E'it''s \\\\ \"quoted\"\\n' || md5(g::text) END FROM generate_series(1,"
            + " 20000) g",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint, amount numeric(12,2),"
            + " placed timestamptz, lines text)",
        "INSERT INTO orders SELECT g, g % 20000 + 1, (g % 997) * 1.25, timestamptz"
            + " '2026-01-01' + g * interval '1 minute', repeat(md5(g::text), 4) FROM"
            + " generate_series(1, 200000) g",
        "CREATE TABLE returns (id bigint PRIMARY KEY, reason text)",
        "CREATE ROLE " + DB + "_backup LOGIN PASSWORD '" + BACKUP_PASSWORD + "'",
        "GRANT pg_read_all_data TO " + DB + "_backup");
    MARIA_DATABASE = maria.createDatabase(DB + "_shop");
    maria.execute(
        MARIA_DATABASE,
        "CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100), description TEXT)",
        "INSERT INTO products SELECT seq, CONCAT('product ', seq), IF(seq % 5 = 0, NULL,"
            + " CONCAT('it''s a \\\\ \"thing\" ),( ', MD5(seq))) FROM seq_1_to_50000",
        "CREATE TABLE sales (id BIGINT PRIMARY KEY, product BIGINT, line_items TEXT)",
        "INSERT INTO sales SELECT seq, seq % 50000 + 1, REPEAT(MD5(seq), 4) FROM"
            + " seq_1_to_150000",
        "CREATE TABLE refunds (id BIGINT PRIMARY KEY)",
        "CREATE USER IF NOT EXISTS '" + DB + "_backup'@'%' IDENTIFIED BY '" + BACKUP_PASSWORD + "'",
        "GRANT SELECT, SHOW VIEW, LOCK TABLES ON `"
            + MARIA_DATABASE
            + "`.* TO '"
            + DB
            + "_backup'@'%'");
    BIG_DATABASE = pg.createDatabase(DB + "_big");
    pg.execute(
        BIG_DATABASE,
        "CREATE TABLE events (id bigint, payload text)",
        "INSERT INTO events SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 400000) g");

    instance(PG_INSTANCE, "postgres", Map.of("archive", ENV));
    instance(MARIA_INSTANCE, "mariadb", Map.of("archive", ENV));
    instance(BAD_INSTANCE, "postgres", Map.of());
    instance(BIG_INSTANCE, "postgres", Map.of());
    DatabaseCredentials pgAdmin = pg.admin();
    DatabaseCredentials mariaAdmin = maria.admin();
    secret(ENV + "/archive/" + PG_INSTANCE, pgAdmin, DB + "_backup", BACKUP_PASSWORD, PG_DATABASE);
    secret(
        ENV + "/archive/" + MARIA_INSTANCE,
        mariaAdmin,
        DB + "_backup",
        BACKUP_PASSWORD,
        MARIA_DATABASE);
    secret(
        ENV + "/archive/" + BAD_INSTANCE,
        pgAdmin,
        DB + "_backup",
        "not-" + BACKUP_PASSWORD,
        PG_DATABASE);
    secret(
        ENV + "/archive/" + BIG_INSTANCE,
        pgAdmin,
        pgAdmin.username(),
        pgAdmin.password(),
        BIG_DATABASE);
    secret(ENV + "/verify/postgres", pgAdmin, pgAdmin.username(), pgAdmin.password(), "postgres");
    secret(ENV + "/verify/mysql", mariaAdmin, mariaAdmin.username(), mariaAdmin.password(), null);
  }

  @AfterAll
  static void dropDatabases() {
    for (String db : List.of(PG_DATABASE, BIG_DATABASE)) {
      pg.dropDatabase(db);
    }
    maria.dropDatabase(MARIA_DATABASE);
    pg.execute(null, "DROP ROLE IF EXISTS " + DB + "_backup");
    maria.execute(null, "DROP USER IF EXISTS '" + DB + "_backup'@'%'");
  }

  @Test
  void aScheduledRunArchivesEveryTaggedDatabaseIntoGlacierAndProvesItRestores() throws Exception {
    Instant firing = Instant.parse("2026-12-01T01:30:00Z");
    aws.fireSchedule("archive-monthly", firing);

    List<EventEnvelope<ArchiveWritten>> written =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> ofPolicy(probe.received(ArchiveWritten.class), "monthly", firing),
                w -> w.size() == 2);
    List<EventEnvelope<ArchiveVerified>> verified =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(() -> probe.received(ArchiveVerified.class), v -> v.size() >= 2);

    for (EventEnvelope<ArchiveWritten> event : written) {
      ArchiveWritten archive = event.data();
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(archive.location().key()));
      assertThat(head.storageClassAsString()).isEqualTo("GLACIER_IR");
      assertThat(archive.storageClass()).isEqualTo("GLACIER_IR");
      assertThat(head.contentLength()).isEqualTo(archive.sizeBytes());
      assertThat(sha256(archive.location().key())).isEqualTo(archive.sha256());
      assertThat(archive.expiresAt()).isEqualTo(firing.plus(Duration.ofDays(365)));
      Map<String, AttributeValue> journal = journalEntry(archive);
      assertThat(journal.get("status").s()).isEqualTo("WRITTEN");
      assertThat(journal.get("sha256").s()).isEqualTo(archive.sha256());
      assertThat(journal.get("bytes").n()).isEqualTo(Long.toString(archive.sizeBytes()));
      assertThat(journal.get("storageClass").s()).isEqualTo("GLACIER_IR");
    }
    ArchiveWritten pgArchive = only(written, PG_INSTANCE);
    assertThat(pgArchive.location().key())
        .isEqualTo(
            "archives/monthly/"
                + PG_INSTANCE
                + "/"
                + PG_DATABASE
                + "/2026/12/"
                + PG_INSTANCE
                + "."
                + PG_DATABASE
                + ".20261201T013000Z.pgdump.gz");
    assertThat(pgArchive.sizeBytes()).isGreaterThan(5L * 1024 * 1024);
    assertThat(verifiedOf(verified, PG_INSTANCE).tables())
        .containsExactly(
            new TableRows("public.customers", 20000),
            new TableRows("public.orders", 200000),
            new TableRows("public.returns", 0));
    assertThat(verifiedOf(verified, MARIA_INSTANCE).tables())
        .containsExactlyInAnyOrder(
            new TableRows("products", 50000),
            new TableRows("refunds", 0),
            new TableRows("sales", 150000));

    // The archive restores into a fresh database with the source's very content.
    String copy = pg.createDatabase(DB + "_orders_copy");
    pg.restoreInto(copy, gunzipped(pgArchive.location().key()));
    for (String table : List.of("customers", "orders", "returns")) {
      assertThat(pg.contentChecksum(copy, table))
          .as(table)
          .isEqualTo(pg.contentChecksum(PG_DATABASE, table));
    }
    pg.dropDatabase(copy);
    ArchiveWritten mariaArchive = only(written, MARIA_INSTANCE);
    String mariaCopy = maria.createDatabase(DB + "_shop_copy");
    maria.restoreInto(mariaCopy, gunzipped(mariaArchive.location().key()));
    for (String table : List.of("products", "sales", "refunds")) {
      assertThat(maria.contentChecksum(mariaCopy, table))
          .as(table)
          .isEqualTo(maria.contentChecksum(MARIA_DATABASE, table));
    }
    maria.dropDatabase(mariaCopy);

    // The bucket moves the policy's archives to Deep Archive after 90 days.
    var rules =
        s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
            .filter(r -> r.id().equals("snaplife-" + ENV + "-archive-monthly"))
            .toList();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).filter().prefix()).isEqualTo("archives/monthly/");
    assertThat(rules.get(0).transitions().get(0).days()).isEqualTo(90);
    assertThat(rules.get(0).transitions().get(0).storageClassAsString()).isEqualTo("DEEP_ARCHIVE");
  }

  @Test
  void aRequestDeliveredAgainOrSentAnewWritesOneArchive() {
    Instant scheduled = Instant.parse("2026-11-01T01:30:00Z");
    EventEnvelope<ArchiveRequested> request =
        request("manual", PG_INSTANCE, PG_DATABASE, scheduled);
    aws.publishAs(SnaplifeService.SCHEDULER_SOURCE, request, request);
    EventEnvelope<ArchiveWritten> first =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> ofPolicy(probe.received(ArchiveWritten.class), "manual", scheduled),
                w -> !w.isEmpty())
            .get(0);
    Instant lastModified =
        s3.headObject(b -> b.bucket(bucket).key(first.data().location().key())).lastModified();

    aws.publishAs(
        SnaplifeService.SCHEDULER_SOURCE, request("manual", PG_INSTANCE, PG_DATABASE, scheduled));

    List<EventEnvelope<ArchiveWritten>> all =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> ofPolicy(probe.received(ArchiveWritten.class), "manual", scheduled),
                w -> w.size() >= 2);
    assertThat(all).extracting(EventEnvelope::eventId).containsOnly(first.eventId());
    assertThat(
            s3.headObject(b -> b.bucket(bucket).key(first.data().location().key())).lastModified())
        .isEqualTo(lastModified);
    assertThat(journalEntry(first.data()).get("attempt").n()).isEqualTo("1");
  }

  @Test
  void aWrongPasswordIsAnArchiveFailedWithoutTheSecretOrLeftoverParts() {
    Instant scheduled = Instant.parse("2026-11-02T01:30:00Z");
    aws.publishAs(
        SnaplifeService.SCHEDULER_SOURCE,
        Events.envelope(
            new ArchiveRunRequested("manual", scheduled, List.of(BAD_INSTANCE)),
            SnaplifeService.SCHEDULER_SOURCE));

    ArchiveFailed failed = failureOf(BAD_INSTANCE);

    assertThat(failed.failure().errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(failed.failure().reason())
        .contains("password authentication failed")
        .doesNotContain(BACKUP_PASSWORD);
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aDumpKilledMidWayIsAnArchiveFailedWithoutAnObjectOrParts() {
    Instant scheduled = Instant.parse("2026-11-03T01:30:00Z");
    aws.publishAs(
        SnaplifeService.SCHEDULER_SOURCE, request("manual", BIG_INSTANCE, BIG_DATABASE, scheduled));

    ProcessHandle dump =
        await()
            .pollInterval(Duration.ofMillis(5))
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    ProcessHandle.allProcesses()
                        .filter(
                            p ->
                                p.info().commandLine().orElse("").contains("pg_dump")
                                    && p.info().commandLine().orElse("").contains(BIG_DATABASE))
                        .findFirst(),
                Optional::isPresent)
            .get();
    dump.destroyForcibly();

    ArchiveFailed failed = failureOf(BIG_INSTANCE);
    assertThat(failed.failure().errorCode()).isEqualTo("DumpFailed");
    assertThat(failed.failure().reason()).contains("pg_dump");
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(
            s3.listObjectsV2(b -> b.bucket(bucket).prefix("archives/manual/" + BIG_INSTANCE + "/"))
                .contents())
        .isEmpty();
  }

  @Test
  void verificationCatchesAnArchiveChangedAfterItWasWritten() {
    Instant scheduled = Instant.parse("2026-11-04T01:30:00Z");
    aws.publishAs(
        SnaplifeService.SCHEDULER_SOURCE, request("manual", PG_INSTANCE, PG_DATABASE, scheduled));
    ArchiveWritten archive =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> ofPolicy(probe.received(ArchiveWritten.class), "manual", scheduled),
                w -> !w.isEmpty())
            .get(0)
            .data();
    // Someone overwrites the object: the same size, one byte different.
    byte[] bytes =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key(archive.location().key())).asByteArray();
    bytes[bytes.length / 2] ^= 0x5a;
    s3.putObject(
        b -> b.bucket(bucket).key(archive.location().key()),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    // Its re-verification is due today: the hourly upkeep sends it.
    String archiveId = journalEntry(archive).get("archiveId").s();
    dynamo.updateItem(
        b ->
            b.tableName(journalTable())
                .key(Map.of("id", AttributeValue.fromS("due/verification/" + today())))
                .updateExpression("ADD archives :id")
                .expressionAttributeValues(
                    Map.of(":id", AttributeValue.fromSs(List.of(archiveId)))));
    dynamo.putItem(
        b ->
            b.tableName(journalTable())
                .item(
                    Map.of(
                        "id", AttributeValue.fromS("swept/verification"),
                        "day", AttributeValue.fromS(today().minusDays(1).toString()))));
    aws.fireTimer(SnaplifeService.ARCHIVE, Routing.ARCHIVE_UPKEEP.name(), Instant.now(), null);

    ArchiveVerificationFailed failed =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    probe.received(ArchiveVerificationFailed.class).stream()
                        .map(EventEnvelope::data)
                        .filter(f -> f.location().equals(archive.location()))
                        .findFirst(),
                Optional::isPresent)
            .get();
    assertThat(failed.failure().errorCode()).isEqualTo("ChecksumMismatch");
    assertThat(failed.failure().reason()).contains(archive.sha256());
  }

  @Test
  void retentionExpiresFromTheJournalAndSaysWhatTheEarlyDeletionCosts() {
    Instant scheduled = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);
    aws.publishAs(
        SnaplifeService.SCHEDULER_SOURCE, request("short", PG_INSTANCE, PG_DATABASE, scheduled));
    ArchiveWritten archive =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> ofPolicy(probe.received(ArchiveWritten.class), "short", scheduled),
                w -> !w.isEmpty())
            .get(0)
            .data();
    String foreignKey = "archives/short/" + PG_INSTANCE + "/not-ours.sql.gz";
    s3.putObject(
        b -> b.bucket(bucket).key(foreignKey),
        software.amazon.awssdk.core.sync.RequestBody.fromString("someone else's"));

    aws.fireTimer(SnaplifeService.ARCHIVE, Routing.ARCHIVE_UPKEEP.name(), Instant.now(), null);

    ArchiveExpired expired =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    probe.received(ArchiveExpired.class).stream()
                        .map(EventEnvelope::data)
                        .filter(e -> e.location().equals(archive.location()))
                        .findFirst(),
                Optional::isPresent)
            .get();
    assertThat(expired.earlyDeletionCharge())
        .isEqualTo(
            "deleted after 0 days in GLACIER_IR, whose minimum storage duration is 90 days: 90"
                + " more days are charged");
    assertThat(exists(archive.location().key())).isFalse();
    assertThat(exists(foreignKey)).isTrue();
    assertThat(journalEntry(archive).get("status").s()).isEqualTo("EXPIRED");
  }

  // --- helpers

  static void instance(String identifier, String engine, Map<String, String> tags) {
    rds.createDBInstance(
        b ->
            b.dbInstanceIdentifier(identifier)
                .engine(engine)
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("admin")
                .masterUserPassword("not-the-archive-login")
                // moto knows no default version for mariadb
                .engineVersion(engine.equals("mariadb") ? "10.11.6" : null)
                .tags(
                    tags.entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList()));
  }

  static void secret(
      String name, DatabaseCredentials server, String user, String password, String dbname) {
    String json =
        "{\"username\":\""
            + user
            + "\",\"password\":\""
            + password
            + "\",\"host\":\""
            + server.host()
            + "\",\"port\":"
            + server.port()
            + (dbname == null ? "" : ",\"dbname\":\"" + dbname + "\"")
            + "}";
    secrets.createSecret(b -> b.name(name).secretString(json));
  }

  static EventEnvelope<ArchiveRequested> request(
      String policy, String instance, String database, Instant scheduled) {
    String secretArn = secrets.describeSecret(b -> b.secretId(ENV + "/archive/" + instance)).arn();
    return Events.envelope(
        new ArchiveRequested(
            policy, instance, "postgres", database, secretArn, scheduled, null, null),
        SnaplifeService.SCHEDULER_SOURCE);
  }

  static ArchiveFailed failureOf(String instance) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                probe.received(ArchiveFailed.class).stream()
                    .map(EventEnvelope::data)
                    .filter(f -> f.databaseIdentifier().equals(instance))
                    .findFirst(),
            Optional::isPresent)
        .get();
  }

  static List<EventEnvelope<ArchiveWritten>> ofPolicy(
      List<EventEnvelope<ArchiveWritten>> written, String policy, Instant scheduled) {
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(scheduled);
    return written.stream()
        .filter(w -> w.data().policy().equals(policy) && w.data().location().key().contains(stamp))
        .toList();
  }

  static ArchiveWritten only(List<EventEnvelope<ArchiveWritten>> written, String instance) {
    return written.stream()
        .map(EventEnvelope::data)
        .filter(w -> w.databaseIdentifier().equals(instance))
        .findFirst()
        .orElseThrow();
  }

  static ArchiveVerified verifiedOf(
      List<EventEnvelope<ArchiveVerified>> verified, String instance) {
    return verified.stream()
        .map(EventEnvelope::data)
        .filter(v -> v.databaseIdentifier().equals(instance))
        .findFirst()
        .orElseThrow();
  }

  static String journalTable() {
    return aws.names().serviceTable(SnaplifeService.ARCHIVE, "journal");
  }

  static Map<String, AttributeValue> journalEntry(ArchiveWritten archive) {
    String stamp = archive.location().key().replaceAll(".*\\.(\\d{8}T\\d{6}Z)\\..*", "$1");
    String id =
        "archive/"
            + archive.policy()
            + "/"
            + archive.databaseIdentifier()
            + "/"
            + archive.databaseName()
            + "/"
            + stamp;
    return dynamo
        .getItem(b -> b.tableName(journalTable()).key(Map.of("id", AttributeValue.fromS(id))))
        .item();
  }

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  static boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  static String sha256(String key) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static InputStream gunzipped(String key) throws Exception {
    return new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)));
  }
}
