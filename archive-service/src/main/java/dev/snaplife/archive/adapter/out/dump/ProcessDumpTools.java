package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.application.port.DumpTools;
import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.contracts.event.TableRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pg_dump / pg_restore and mariadb-dump / mariadb as child processes. PostgreSQL dumps read a
 * snapshot this adapter exports and counts rows in, so the counts are exactly what pg_dump dumps;
 * MySQL dumps are counted from the dump's own INSERT statements as they pass.
 */
public final class ProcessDumpTools implements DumpTools {

  private static final Logger log = LoggerFactory.getLogger(ProcessDumpTools.class);
  private static final Pattern SCRATCH_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final int FEED_BUFFER = 64 * 1024;

  private final Tools tools;
  private final Map<Engine, DatabaseCredentials> verification = new EnumMap<>(Engine.class);
  private volatile int pgDumpMajor;

  /**
   * @param verification the login of each engine's verification server (its database name unused);
   *     an engine without one cannot be restored
   */
  public ProcessDumpTools(Tools tools, Map<Engine, @Nullable DatabaseCredentials> verification) {
    this.tools = tools;
    verification.forEach(
        (engine, login) -> {
          if (login != null) {
            this.verification.put(engine, login);
          }
        });
  }

  @Override
  public RunningDump dump(Engine engine, DatabaseCredentials login, String databaseName) {
    return switch (engine) {
      case POSTGRES -> dumpPostgres(login, databaseName);
      case MYSQL -> dumpMysql(login, databaseName);
    };
  }

  @Override
  public List<TableRows> restoreAndCount(Engine engine, String scratchName, InputStream dump) {
    return restoreAndCount(engine, scratchName, dump, database -> {});
  }

  /**
   * @param whileRestored is shown the restored database's name before it is dropped
   */
  List<TableRows> restoreAndCount(
      Engine engine, String scratchName, InputStream dump, Consumer<String> whileRestored) {
    DatabaseCredentials server = verification.get(engine);
    if (server == null) {
      throw new ToolFailedException(
          "no verification server for "
              + engine
              + ": configure snaplife.archive.verification."
              + (engine == Engine.POSTGRES ? "postgres" : "mysql"),
          "NotConfigured",
          false);
    }
    if (!SCRATCH_NAME.matcher(scratchName).matches()) {
      throw new IllegalArgumentException(
          "'" + scratchName + "' is not a scratch database name ([a-z][a-z0-9_]{0,62})");
    }
    try {
      return switch (engine) {
        case POSTGRES -> restorePostgres(server, scratchName, dump, whileRestored);
        case MYSQL -> restoreMysql(server, scratchName, dump, whileRestored);
      };
    } catch (SQLException e) {
      throw new ToolFailedException(
          "restore failed: verification server " + server + ": " + server.scrub(e.getMessage()),
          "RestoreFailed",
          connectionProblem(e));
    }
  }

  private RunningDump dumpPostgres(DatabaseCredentials login, String database) {
    int toolMajor = pgDumpMajor();
    Connection connection;
    try {
      connection = PostgresTables.connect(login, database);
    } catch (SQLException e) {
      throw sourceFailure(login, database, e);
    }
    try {
      int serverMajor = connection.getMetaData().getDatabaseMajorVersion();
      if (serverMajor > toolMajor) {
        throw new ToolFailedException(
            "pg_dump "
                + toolMajor
                + " cannot dump PostgreSQL "
                + serverMajor
                + ": install postgresql-client-"
                + serverMajor
                + " (or newer) and point snaplife.archive.tools.pg-dump at its pg_dump",
            "ToolTooOld",
            false);
      }
      // The driver begins the transaction; SET TRANSACTION makes it the snapshot's kind.
      connection.setAutoCommit(false);
      String snapshot;
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        statement.execute("SET LOCAL statement_timeout = 0");
        statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
        try (ResultSet exported = statement.executeQuery("SELECT pg_export_snapshot()")) {
          exported.next();
          snapshot = exported.getString(1);
        }
      }
      List<TableRows> tables = PostgresTables.countRows(connection);
      ToolProcess tool =
          ToolProcess.start(
              tools.pgDump(),
              List.of(
                  "--format=custom",
                  "--compress=0",
                  "--no-password",
                  "--snapshot=" + snapshot,
                  "--host",
                  login.host(),
                  "--port",
                  String.valueOf(login.port()),
                  "--username",
                  login.username(),
                  "--dbname",
                  database),
              ToolProcess.postgresEnvironment(login),
              login);
      closeInput(tool);
      // The snapshot lives as long as this transaction: held open until the dump finishes.
      return new ToolDump(
          tool, new DumpOutput(tool.stdout(), null), () -> tables, List.of(connection));
    } catch (SQLException e) {
      closeQuietly(connection);
      throw sourceFailure(login, database, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private RunningDump dumpMysql(DatabaseCredentials login, String database) {
    Path optionFile = OptionFile.write(tools.workDirectory(), login);
    try {
      ToolProcess tool =
          ToolProcess.start(
              tools.mysqlDump(),
              List.of(
                  // The tool reads it only as its first argument.
                  "--defaults-extra-file=" + optionFile,
                  "--single-transaction",
                  "--quick",
                  "--hex-blob",
                  database),
              ToolProcess.mysqlEnvironment(),
              login);
      closeInput(tool);
      DumpRowCounter counter = new DumpRowCounter();
      return new ToolDump(
          tool,
          new DumpOutput(tool.stdout(), counter),
          counter::tables,
          List.of(() -> OptionFile.delete(optionFile)));
    } catch (RuntimeException e) {
      OptionFile.delete(optionFile);
      throw e;
    }
  }

  private List<TableRows> restorePostgres(
      DatabaseCredentials server, String scratch, InputStream dump, Consumer<String> whileRestored)
      throws SQLException {
    try (Connection admin = PostgresTables.connect(server, "postgres")) {
      execute(admin, "CREATE DATABASE " + PostgresTables.quote(scratch));
      return dropAfterwards(
          scratch,
          () -> {
            restore(
                ToolProcess.start(
                    tools.pgRestore(),
                    List.of(
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--no-password",
                        "--host",
                        server.host(),
                        "--port",
                        String.valueOf(server.port()),
                        "--username",
                        server.username(),
                        "--dbname",
                        scratch),
                    ToolProcess.postgresEnvironment(server),
                    server),
                dump,
                server);
            List<TableRows> rows;
            try (Connection restored = PostgresTables.connect(server, scratch)) {
              rows = PostgresTables.countRows(restored);
            }
            whileRestored.accept(scratch);
            return rows;
          },
          () ->
              execute(
                  admin,
                  "DROP DATABASE IF EXISTS " + PostgresTables.quote(scratch) + " WITH (FORCE)"));
    }
  }

  private List<TableRows> restoreMysql(
      DatabaseCredentials server, String scratch, InputStream dump, Consumer<String> whileRestored)
      throws SQLException {
    try (Connection admin = MysqlTables.connect(server)) {
      execute(admin, "CREATE DATABASE " + MysqlTables.quote(scratch));
      return dropAfterwards(
          scratch,
          () -> {
            Path optionFile = OptionFile.write(tools.workDirectory(), server);
            try {
              restore(
                  ToolProcess.start(
                      tools.mysqlClient(),
                      List.of("--defaults-extra-file=" + optionFile, "--database=" + scratch),
                      ToolProcess.mysqlEnvironment(),
                      server),
                  dump,
                  server);
            } finally {
              OptionFile.delete(optionFile);
            }
            List<TableRows> rows = MysqlTables.countRows(admin, scratch);
            whileRestored.accept(scratch);
            return rows;
          },
          () -> execute(admin, "DROP DATABASE IF EXISTS " + MysqlTables.quote(scratch)));
    }
  }

  /** Writes the dump into the tool's input and waits for it; the tool's error wins over ours. */
  private static void restore(ToolProcess tool, InputStream dump, DatabaseCredentials server) {
    try (tool) {
      IOException writeFailure = feed(dump, tool.stdin());
      int exit = tool.waitFor();
      if (exit != 0) {
        throw new ToolFailedException(
            "restore failed: " + tool.failure(exit), "RestoreFailed", false);
      }
      if (writeFailure != null) {
        throw new ToolFailedException(
            "restore failed: "
                + tool.name()
                + " exited before reading the whole dump ("
                + server.scrub(writeFailure.getMessage())
                + "): "
                + tool.stderrTail(),
            "RestoreFailed",
            false);
      }
    }
  }

  /**
   * @return the failure to write into the tool (it stopped reading), or null
   * @throws UncheckedIOException when reading the dump fails
   */
  private static @Nullable IOException feed(InputStream dump, OutputStream stdin) {
    byte[] buffer = new byte[FEED_BUFFER];
    try (stdin) {
      while (true) {
        int n;
        try {
          n = dump.read(buffer);
        } catch (IOException e) {
          throw new UncheckedIOException("reading the dump to restore failed", e);
        }
        if (n == -1) {
          return null;
        }
        stdin.write(buffer, 0, n);
      }
    } catch (IOException e) {
      return e;
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private interface SqlStep {
    void run() throws SQLException;
  }

  /** Runs the work, then drops the scratch database whatever happened. */
  private static <T> T dropAfterwards(String scratch, SqlWork<T> work, SqlStep drop)
      throws SQLException {
    try {
      return work.run();
    } finally {
      try {
        drop.run();
      } catch (SQLException e) {
        // The verification's outcome stands; a leftover scratch database is for an operator.
        log.warn("dropping the scratch database {} failed", scratch, e);
      }
    }
  }

  private int pgDumpMajor() {
    int major = pgDumpMajor;
    if (major == 0) {
      try {
        major = ToolCheck.pgDumpMajorVersion(tools.pgDump());
      } catch (IllegalStateException e) {
        throw new ToolFailedException(
            e.getMessage() + ": check snaplife.archive.tools.pg-dump", "NotConfigured", false);
      }
      pgDumpMajor = major;
    }
    return major;
  }

  private static ToolFailedException sourceFailure(
      DatabaseCredentials login, String database, SQLException e) {
    boolean refused = e.getSQLState() != null && e.getSQLState().startsWith("28");
    return new ToolFailedException(
        "PostgreSQL database "
            + database
            + " as "
            + login
            + " cannot be read: "
            + login.scrub(e.getMessage()),
        refused ? "AuthenticationFailed" : "DumpFailed",
        !refused);
  }

  /** SQLSTATE class 08: the server could not be reached or went away. */
  private static boolean connectionProblem(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A dump tool reads nothing: its input ends at once. */
  private static void closeInput(ToolProcess tool) {
    try {
      tool.stdin().close();
    } catch (IOException e) {
      // nothing was written, so nothing is lost
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the snapshot's connection failed", e);
    }
  }
}
