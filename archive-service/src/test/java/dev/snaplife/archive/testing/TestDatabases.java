package dev.snaplife.archive.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.domain.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The local PostgreSQL and MariaDB servers of {@code scripts/databases.sh}, through their admin
 * login: for tests that create databases and logins of their own. A server that is down fails the
 * test, saying how to start it; it never skips it.
 */
public final class TestDatabases {

  private static final String ADMIN = "snaplife_admin";
  private static final String DEFAULT_PASSWORD = "snaplife-local-admin";
  private static final String HOST = "127.0.0.1";

  private final Engine engine;
  private final String product;
  private final DatabaseCredentials admin;

  private TestDatabases(Engine engine, String product, DatabaseCredentials admin) {
    this.engine = engine;
    this.product = product;
    this.admin = admin;
  }

  /** PostgreSQL: SNAPLIFE_PG_PORT (5432), SNAPLIFE_PG_ADMIN_PASSWORD. */
  public static TestDatabases postgres() {
    return new TestDatabases(
        Engine.POSTGRES,
        "PostgreSQL",
        new DatabaseCredentials(
            HOST,
            port("SNAPLIFE_PG_PORT", 5432),
            ADMIN,
            env("SNAPLIFE_PG_ADMIN_PASSWORD", DEFAULT_PASSWORD),
            null));
  }

  /** MariaDB: SNAPLIFE_MARIADB_PORT (3306), SNAPLIFE_MARIADB_ADMIN_PASSWORD. */
  public static TestDatabases mariadb() {
    return new TestDatabases(
        Engine.MYSQL,
        "MariaDB",
        new DatabaseCredentials(
            HOST,
            port("SNAPLIFE_MARIADB_PORT", 3306),
            ADMIN,
            env("SNAPLIFE_MARIADB_ADMIN_PASSWORD", DEFAULT_PASSWORD),
            null));
  }

  public static TestDatabases of(Engine engine) {
    return engine == Engine.POSTGRES ? postgres() : mariadb();
  }

  /** A name no other test run uses: {@code <prefix>_<8 hex digits>}, lower case. */
  public static String uniqueName(String prefix) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return prefix + "_" + HexFormat.of().formatHex(random);
  }

  public Engine engine() {
    return engine;
  }

  /** The admin login (no database name). */
  public DatabaseCredentials admin() {
    return admin;
  }

  /** A login of this server with another user and password. */
  public DatabaseCredentials login(String username, String password, @Nullable String database) {
    return new DatabaseCredentials(admin.host(), admin.port(), username, password, database);
  }

  /** Fails the test when the server does not accept the admin login. */
  public TestDatabases requireReachable() {
    try (Connection connection = connect(null)) {
      connection.isValid(5);
    } catch (SQLException e) {
      fail(
          product
              + " is not reachable on "
              + admin.host()
              + ":"
              + admin.port()
              + " as "
              + admin.username()
              + ": start it with scripts/databases.sh start",
          e);
    }
    return this;
  }

  /** An admin connection to the database, or to none in particular when null. */
  public Connection connect(@Nullable String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", admin.username());
    properties.setProperty("password", admin.password());
    String url;
    if (engine == Engine.POSTGRES) {
      properties.setProperty("connectTimeout", "5");
      url = "jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/";
      url += database == null ? "postgres" : database;
    } else {
      properties.setProperty("connectTimeout", "5000");
      url = "jdbc:mariadb://" + admin.host() + ":" + admin.port() + "/";
      url += database == null ? "" : database;
    }
    return DriverManager.getConnection(url, properties);
  }

  /** Creates a database named {@link #uniqueName(String)} and returns the name. */
  public String createDatabase(String prefix) {
    String name = uniqueName(prefix);
    execute(
        null,
        engine == Engine.POSTGRES
            ? "CREATE DATABASE " + name
            : "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    return name;
  }

  /** Drops the database if it exists, whoever is still connected to it. */
  public void dropDatabase(String name) {
    execute(
        null,
        engine == Engine.POSTGRES
            ? "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)"
            : "DROP DATABASE IF EXISTS `" + name + "`");
  }

  public boolean databaseExists(String name) {
    String sql =
        engine == Engine.POSTGRES
            ? "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"
            : "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'";
    return queryLong(null, sql) > 0;
  }

  /** Runs each statement in the database (or none in particular), in autocommit. */
  public void execute(@Nullable String database, String... statements) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        run(statement, sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(product + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row. */
  public long queryLong(@Nullable String database, String sql) {
    return Long.parseLong(queryStrings(database, sql).getFirst());
  }

  /** The first column of the first row. */
  public String queryString(@Nullable String database, String sql) {
    return queryStrings(database, sql).getFirst();
  }

  /** The first column of every row. */
  public List<String> queryStrings(@Nullable String database, String sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(product + ": " + e.getMessage() + " in: " + sql, e);
    }
  }

  /** The database's size on disk, in bytes. */
  public long databaseSize(String database) {
    return queryLong(
        null,
        engine == Engine.POSTGRES
            ? "SELECT pg_database_size('" + database + "')"
            : "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE"
                + " table_schema = '"
                + database
                + "'");
  }

  /**
   * A SHA-256 over every row of the table in the order of its first column, each column as the
   * server prints it: two tables with the same content have the same checksum.
   */
  public String contentChecksum(String database, String table) {
    String quoted = engine == Engine.POSTGRES ? "\"" + table + "\"" : "`" + table + "`";
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + quoted + " ORDER BY 1")) {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          String value = rows.getString(i);
          digest.update(
              (value == null ? "\\N" : value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          digest.update((byte) 0);
        }
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (SQLException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(product + ": " + e.getMessage(), e);
    }
  }

  /** Restores a dump (uncompressed) into an existing database with the engine's own client. */
  public void restoreInto(String database, java.io.InputStream dump) {
    ProcessBuilder tool =
        engine == Engine.POSTGRES
            ? new ProcessBuilder(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--no-password",
                "--host=" + admin.host(),
                "--port=" + admin.port(),
                "--username=" + admin.username(),
                "--dbname=" + database)
            : new ProcessBuilder(
                "mariadb",
                "--protocol=TCP",
                "--host=" + admin.host(),
                "--port=" + admin.port(),
                "--user=" + admin.username(),
                database);
    tool.environment().put("PGPASSWORD", admin.password());
    tool.environment().put("MYSQL_PWD", admin.password());
    tool.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    tool.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = tool.start();
      try (java.io.OutputStream in = process.getOutputStream()) {
        dump.transferTo(in);
      }
      if (process.waitFor() != 0) {
        fail(tool.command().get(0) + " failed restoring into " + database);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(Statement statement, String sql) {
    try {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int port(String name, int fallback) {
    return Integer.parseInt(env(name, String.valueOf(fallback)));
  }
}
