package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.contracts.event.TableRows;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/** JDBC to PostgreSQL, and the one way rows are counted: of a dump's snapshot and of a restore. */
final class PostgresTables {

  /** The ordinary tables pg_dump dumps the data of (not other sessions' temporary tables). */
  private static final String TABLES =
      """
      SELECT n.nspname, c.relname
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'
        AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      """;

  private PostgresTables() {}

  static Connection connect(DatabaseCredentials login, String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", login.username());
    properties.setProperty("password", login.password());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "snaplife-archive");
    // A dump's snapshot is held on an idle connection for as long as the dump runs.
    properties.setProperty("tcpKeepAlive", "true");
    String host = login.host().contains(":") ? "[" + login.host() + "]" : login.host();
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + host
            + ":"
            + login.port()
            + "/"
            + URLEncoder.encode(database, StandardCharsets.UTF_8),
        properties);
  }

  /** Exact counts of every ordinary table, as {@code schema.table}, in the transaction's view. */
  static List<TableRows> countRows(Connection connection) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet names = statement.executeQuery(TABLES)) {
      while (names.next()) {
        tables.add(new String[] {names.getString(1), names.getString(2)});
      }
    }
    List<TableRows> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      for (String[] table : tables) {
        try (ResultSet count =
            statement.executeQuery(
                "SELECT count(*) FROM " + quote(table[0]) + "." + quote(table[1]))) {
          count.next();
          rows.add(new TableRows(table[0] + "." + table[1], count.getLong(1)));
        }
      }
    }
    rows.sort(Comparator.comparing(TableRows::table));
    return List.copyOf(rows);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
