package dev.snaplife.archive.adapter.out.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.snaplife.archive.application.port.DumpTools.RunningDump;
import dev.snaplife.archive.application.port.DumpTools.ToolFailedException;
import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.archive.testing.TestDatabases;
import dev.snaplife.contracts.event.TableRows;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real tools against the local servers of {@code scripts/databases.sh}: a source database per
 * engine, dumped by a least-privileged backup login, restored by the admin login.
 */
class ProcessDumpToolsIntegrationTest {

  private static final TestDatabases postgres = TestDatabases.postgres();
  private static final TestDatabases mariadb = TestDatabases.mariadb();

  /** What an option file, a shell or an SQL literal could trip over. */
  private static final String BACKUP_PASSWORD = "bk\"p\\a#s s'w0rd$";

  private static final String POSTGRES_SOURCE =
      """
      CREATE TABLE accounts (
        id bigint PRIMARY KEY, name text NOT NULL, note text, balance numeric(12,2),
        created timestamptz);
      INSERT INTO accounts
        SELECT g, 'account ' || g,
          CASE WHEN g % 10 = 0 THEN NULL
               WHEN g % 3 = 0 THEN E'it''s \\\\ a ),( row\\nline two ' || g
               ELSE repeat('x', g % 50) END,
          g * 1.25, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'
        FROM generate_series(1, 60000) g;
      CREATE TABLE blobs (id int PRIMARY KEY, data bytea);
      INSERT INTO blobs
        SELECT g, CASE WHEN g % 100 = 0 THEN NULL ELSE decode(repeat(md5(g::text), 32), 'hex') END
        FROM generate_series(1, 3000) g;
      INSERT INTO blobs VALUES (0, '\\x00275c292c28'::bytea);
      CREATE TABLE odd_text (id int PRIMARY KEY, s text);
      INSERT INTO odd_text VALUES (1, '),('), (2, E'\\\\'), (3, ''''), (4, E'\\\\'''),
        (5, E'line1\\nline2'), (6, E'tab\\there'), (7, 'ünïcödé'),
        (8, 'INSERT INTO `x` VALUES (1);'), (9, NULL), (10, '');
      CREATE TABLE empty_table (id int PRIMARY KEY);
      CREATE SCHEMA sales;
      CREATE TABLE sales."Order Lines" (id int PRIMARY KEY, account_id bigint REFERENCES accounts, qty int);
      INSERT INTO sales."Order Lines" SELECT g, g, g % 7 FROM generate_series(1, 1234) g;
      CREATE VIEW account_names AS SELECT id, name FROM accounts;
      """;

  private static final String MARIADB_SOURCE =
      """
      CREATE TABLE accounts (
        id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT, balance DECIMAL(12,2),
        created DATETIME);
      INSERT INTO accounts
        SELECT seq, CONCAT('account ', seq),
          CASE WHEN seq % 10 = 0 THEN NULL
               WHEN seq % 3 = 0 THEN CONCAT('it''s \\\\ a ),( row\\nline two ', seq)
               ELSE REPEAT('x', seq % 50) END,
          seq * 1.25, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE
        FROM seq_1_to_60000;
      CREATE TABLE blobs (id INT PRIMARY KEY, data BLOB);
      INSERT INTO blobs
        SELECT seq, CASE WHEN seq % 100 = 0 THEN NULL ELSE UNHEX(REPEAT(MD5(seq), 32)) END
        FROM seq_1_to_3000;
      INSERT INTO blobs VALUES (0, 0x00275C292C28);
      CREATE TABLE odd_text (id INT PRIMARY KEY, s TEXT);
      INSERT INTO odd_text VALUES (1, '),('), (2, '\\\\'), (3, ''''), (4, '\\\\'''),
        (5, 'line1\\nline2'), (6, 'tab\\there'), (7, 'ünïcödé'),
        (8, 'INSERT INTO `x` VALUES (1);'), (9, NULL), (10, ''), (11, 'nul\\0byte');
      CREATE TABLE empty_table (id INT PRIMARY KEY);
      CREATE TABLE order_lines (
        id INT PRIMARY KEY, account_id BIGINT, qty INT,
        FOREIGN KEY (account_id) REFERENCES accounts (id));
      INSERT INTO order_lines SELECT seq, seq, seq % 7 FROM seq_1_to_1234;
      CREATE VIEW account_names AS SELECT id, name FROM accounts;
      """;

  private static final List<TableRows> POSTGRES_ROWS =
      List.of(
          new TableRows("public.accounts", 60000),
          new TableRows("public.blobs", 3001),
          new TableRows("public.empty_table", 0),
          new TableRows("public.odd_text", 10),
          new TableRows("sales.Order Lines", 1234));

  private static final List<TableRows> MARIADB_ROWS =
      List.of(
          new TableRows("accounts", 60000),
          new TableRows("blobs", 3001),
          new TableRows("empty_table", 0),
          new TableRows("odd_text", 11),
          new TableRows("order_lines", 1234));

  private static String postgresSource;
  private static String mariadbSource;
  private static String postgresBackup;
  private static String mariadbBackup;

  @TempDir Path work;
  private ProcessDumpTools tools;

  @BeforeAll
  static void createSourcesAndBackupLogins() {
    postgres.requireReachable();
    mariadb.requireReachable();

    postgresSource = postgres.createDatabase("it_dump_source");
    postgres.execute(postgresSource, statements(POSTGRES_SOURCE));
    postgresBackup = TestDatabases.uniqueName("it_backup");
    postgres.execute(
        null,
        "CREATE ROLE "
            + postgresBackup
            + " LOGIN PASSWORD '"
            + BACKUP_PASSWORD.replace("'", "''")
            + "'",
        "GRANT pg_read_all_data TO " + postgresBackup);

    mariadbSource = mariadb.createDatabase("it_dump_source");
    mariadb.execute(mariadbSource, statements(MARIADB_SOURCE));
    mariadbBackup = TestDatabases.uniqueName("it_backup");
    mariadb.execute(
        null,
        "CREATE USER '"
            + mariadbBackup
            + "'@'%' IDENTIFIED BY '"
            + BACKUP_PASSWORD.replace("\\", "\\\\").replace("'", "''")
            + "'",
        "GRANT SELECT, SHOW VIEW, LOCK TABLES ON `"
            + mariadbSource
            + "`.* TO '"
            + mariadbBackup
            + "'@'%'");
  }

  @AfterAll
  static void dropSourcesAndBackupLogins() {
    if (postgresSource != null) {
      postgres.dropDatabase(postgresSource);
      postgres.execute(null, "DROP ROLE IF EXISTS " + postgresBackup);
    }
    if (mariadbSource != null) {
      mariadb.dropDatabase(mariadbSource);
      mariadb.execute(null, "DROP USER IF EXISTS '" + mariadbBackup + "'@'%'");
    }
  }

  @BeforeEach
  void adapter() {
    tools =
        new ProcessDumpTools(
            Tools.onPath(work),
            Map.of(Engine.POSTGRES, postgres.admin(), Engine.MYSQL, mariadb.admin()));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void dumpCountsTheRowsOfEveryTable(Engine engine) {
    Dumped dumped = dumpToTheEnd(engine, backupLogin(engine), source(engine));

    assertThat(dumped.tables()).isEqualTo(expectedRows(engine));
    assertThat(dumped.bytes().length).isGreaterThan(3_000_000);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void restoringTheDumpReproducesItsCountsAndContentThenDropsTheScratchDatabase(Engine engine) {
    Dumped dumped = dumpToTheEnd(engine, backupLogin(engine), source(engine));
    String scratch = TestDatabases.uniqueName("it_scratch");
    Map<String, String> restoredChecksums = new LinkedHashMap<>();

    List<TableRows> restored =
        tools.restoreAndCount(
            engine,
            scratch,
            new ByteArrayInputStream(dumped.bytes()),
            database -> restoredChecksums.putAll(checksums(engine, database)));

    assertThat(restored).isEqualTo(dumped.tables());
    assertThat(restoredChecksums)
        .hasSize(expectedRows(engine).size())
        .isEqualTo(checksums(engine, source(engine)));
    assertThat(server(engine).databaseExists(scratch)).isFalse();
  }

  @Test
  void rowsWrittenAfterAPostgresDumpStartedAreNeitherCountedNorDumped() {
    String database = postgres.createDatabase("it_dump_snapshot");
    try {
      postgres.execute(
          database,
          "CREATE TABLE events (id int PRIMARY KEY, body text)",
          "INSERT INTO events SELECT g, repeat('e', 200) FROM generate_series(1, 20000) g");
      byte[] bytes;
      List<TableRows> tables;
      try (RunningDump dump = tools.dump(Engine.POSTGRES, postgres.admin(), database)) {
        postgres.execute(
            database,
            "INSERT INTO events SELECT g, 'late' FROM generate_series(20001, 20500) g",
            "DELETE FROM events WHERE id <= 10");
        bytes = dump.output().readAllBytes();
        tables = dump.finish();
      }

      assertThat(tables).containsExactly(new TableRows("public.events", 20000));
      assertThat(
              tools.restoreAndCount(
                  Engine.POSTGRES,
                  TestDatabases.uniqueName("it_scratch"),
                  new ByteArrayInputStream(bytes)))
          .containsExactly(new TableRows("public.events", 20000));
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      postgres.dropDatabase(database);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aWrongPasswordFailsAsAuthenticationFailedWithoutShowingThePassword(Engine engine) {
    String wrong = "wrong-Secret-4711";
    DatabaseCredentials login = server(engine).login(backupUser(engine), wrong, null);

    assertThatThrownBy(() -> dumpToTheEnd(engine, login, source(engine)))
        .isInstanceOfSatisfying(
            ToolFailedException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo("AuthenticationFailed");
              assertThat(failure.retryable()).isFalse();
              assertThat(failure.getMessage())
                  .contains(
                      engine == Engine.POSTGRES
                          ? "password authentication failed"
                          : "Access denied")
                  .doesNotContain(wrong);
            });
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aDumpKilledMidwayEndsItsOutputAndFailsToFinishAsRetryable(Engine engine) throws Exception {
    try (RunningDump dump = tools.dump(engine, backupLogin(engine), source(engine))) {
      assertThat(dump.output().readNBytes(1024)).hasSize(1024);
      ProcessHandle tool = ((ToolDump) dump).process();

      tool.destroyForcibly();
      tool.onExit().get();
      dump.output().readAllBytes();

      String name = engine == Engine.POSTGRES ? "pg_dump" : "mariadb-dump";
      assertThatThrownBy(dump::finish)
          .isInstanceOfSatisfying(
              ToolFailedException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo("DumpFailed");
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.getMessage())
                    .startsWith(name + " failed (killed by signal 9): ");
              });
    }
  }

  @Test
  void theMysqlDumpsLoginIsInAnOwnerOnlyFileOffItsCommandLineUntilClosed() throws Exception {
    RunningDump dump = tools.dump(Engine.MYSQL, backupLogin(Engine.MYSQL), mariadbSource);
    ProcessHandle tool = ((ToolDump) dump).process();
    Path optionFile;
    try {
      assertThat(dump.output().readNBytes(1024)).hasSize(1024);
      try (Stream<Path> files = Files.list(work)) {
        optionFile = files.toList().getFirst();
      }

      assertThat(Files.getPosixFilePermissions(optionFile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(optionFile)).contains("password=");
      assertThat(tool.info().arguments().orElseThrow()[0])
          .isEqualTo("--defaults-extra-file=" + optionFile);
      assertThat(tool.info().commandLine())
          .get()
          .asString()
          .doesNotContain(BACKUP_PASSWORD)
          .doesNotContain("w0rd");
    } finally {
      dump.close();
    }

    assertThat(optionFile).doesNotExist();
    await().atMost(Duration.ofSeconds(10)).until(() -> !tool.isAlive());
  }

  @Test
  void thePostgresDumpsPasswordIsNotOnItsCommandLine() throws Exception {
    try (RunningDump dump =
        tools.dump(Engine.POSTGRES, backupLogin(Engine.POSTGRES), postgresSource)) {
      assertThat(dump.output().readNBytes(1024)).hasSize(1024);

      assertThat(((ToolDump) dump).process().info().commandLine())
          .get()
          .asString()
          .contains("--snapshot=")
          .doesNotContain(BACKUP_PASSWORD)
          .doesNotContain("w0rd");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void restoringSomethingThatIsNotADumpFailsWithTheToolsErrorAndDropsTheScratchDatabase(
      Engine engine) {
    String scratch = TestDatabases.uniqueName("it_scratch");
    // Far more than a pipe holds: the tool stops reading long before the end.
    InputStream notADump =
        new ByteArrayInputStream(
            "this is not a dump;\n".repeat(400_000).getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> tools.restoreAndCount(engine, scratch, notADump))
        .isInstanceOfSatisfying(
            ToolFailedException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo("RestoreFailed");
              assertThat(failure.retryable()).isFalse();
              assertThat(failure.getMessage())
                  .startsWith("restore failed: ")
                  .contains(
                      engine == Engine.POSTGRES
                          ? "input file does not appear to be a valid archive"
                          : "ERROR 1064");
            });
    assertThat(server(engine).databaseExists(scratch)).isFalse();
  }

  @Test
  void restoringWithoutAVerificationServerIsNotConfigured() {
    ProcessDumpTools withoutServers = new ProcessDumpTools(Tools.onPath(work), Map.of());

    assertThatThrownBy(
            () ->
                withoutServers.restoreAndCount(
                    Engine.MYSQL, "scratch", new ByteArrayInputStream(new byte[0])))
        .isInstanceOfSatisfying(
            ToolFailedException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo("NotConfigured");
              assertThat(failure.getMessage())
                  .isEqualTo(
                      "no verification server for MYSQL: configure"
                          + " snaplife.archive.verification.mysql");
            });
  }

  @Test
  void aPgDumpOlderThanTheServerIsRefusedAsTooOld() throws IOException {
    Path oldPgDump = executable("pg_dump", "echo 'pg_dump (PostgreSQL) 9.6.24'");
    ProcessDumpTools withOldTool =
        new ProcessDumpTools(
            new Tools(oldPgDump.toString(), "pg_restore", "mariadb-dump", "mariadb", work),
            Map.of());

    assertThatThrownBy(
            () -> withOldTool.dump(Engine.POSTGRES, backupLogin(Engine.POSTGRES), postgresSource))
        .isInstanceOfSatisfying(
            ToolFailedException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo("ToolTooOld");
              assertThat(failure.retryable()).isFalse();
              assertThat(failure.getMessage())
                  .startsWith("pg_dump 9 cannot dump PostgreSQL 15: install postgresql-client-15");
            });
  }

  @Test
  void toolCheckReportsTheVersionOfEachTool() {
    Map<String, String> versions = ToolCheck.verify(Tools.onPath(work));

    assertThat(versions).containsOnlyKeys("pg_dump", "pg_restore", "mariadb-dump", "mariadb");
    assertThat(versions.get("pg_dump")).startsWith("pg_dump (PostgreSQL) 15");
    assertThat(ToolCheck.pgDumpMajorVersion("pg_dump")).isEqualTo(15);
  }

  @Test
  void toolCheckNamesThePropertyAndPackageOfAToolThatCannotRun() {
    Tools missing =
        new Tools("pg_dump", "pg_restore", "/nonexistent/mariadb-dump", "mariadb", work);

    assertThatThrownBy(() -> ToolCheck.verify(missing))
        .isInstanceOfSatisfying(
            SnaplifeConfigurationException.class,
            failure ->
                assertThat(failure.problems())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("snaplife.archive.tools.mysql-dump: '/nonexistent/mariadb-dump'")
                    .contains("mariadb-client"));
  }

  private record Dumped(byte[] bytes, List<TableRows> tables) {}

  private Dumped dumpToTheEnd(Engine engine, DatabaseCredentials login, String database) {
    try (RunningDump dump = tools.dump(engine, login, database)) {
      byte[] bytes = dump.output().readAllBytes();
      return new Dumped(bytes, dump.finish());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A content checksum of each table, in its order by id. */
  private static Map<String, String> checksums(Engine engine, String database) {
    Map<String, String> checksums = new LinkedHashMap<>();
    if (engine == Engine.POSTGRES) {
      for (String table :
          List.of("accounts", "blobs", "empty_table", "odd_text", "sales.\"Order Lines\"")) {
        checksums.put(
            table,
            postgres.queryString(
                database,
                "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY id), '')) FROM "
                    + table
                    + " t"));
      }
      return checksums;
    }
    try (Connection connection = mariadb.connect(database);
        Statement statement = connection.createStatement()) {
      for (String table : List.of("accounts", "blobs", "empty_table", "odd_text", "order_lines")) {
        try (ResultSet checksum = statement.executeQuery("CHECKSUM TABLE `" + table + "`")) {
          checksum.next();
          checksums.put(table, checksum.getString(2));
        }
      }
      return checksums;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path executable(String name, String script) throws IOException {
    Path file = work.resolve("bin").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static String[] statements(String script) {
    return Stream.of(script.split(";\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

  private static TestDatabases server(Engine engine) {
    return engine == Engine.POSTGRES ? postgres : mariadb;
  }

  private static String source(Engine engine) {
    return engine == Engine.POSTGRES ? postgresSource : mariadbSource;
  }

  private static String backupUser(Engine engine) {
    return engine == Engine.POSTGRES ? postgresBackup : mariadbBackup;
  }

  private static DatabaseCredentials backupLogin(Engine engine) {
    return server(engine).login(backupUser(engine), BACKUP_PASSWORD, source(engine));
  }

  private static List<TableRows> expectedRows(Engine engine) {
    return engine == Engine.POSTGRES ? POSTGRES_ROWS : MARIADB_ROWS;
  }
}
