package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.contracts.event.TableRows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/** JDBC to MariaDB/MySQL, and the row counts of a restored database. */
final class MysqlTables {

  /** Base tables, as a dump's CREATE TABLE lines name them (system-versioned ones too). */
  private static final String TABLES =
      """
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = ? AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')
      """;

  private MysqlTables() {}

  static Connection connect(DatabaseCredentials login) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", login.username());
    properties.setProperty("password", login.password());
    properties.setProperty("connectTimeout", "10000");
    String host = login.host().contains(":") ? "[" + login.host() + "]" : login.host();
    return DriverManager.getConnection(
        "jdbc:mariadb://" + host + ":" + login.port() + "/", properties);
  }

  /** Exact counts of the base tables of one database, by bare table name. */
  static List<TableRows> countRows(Connection connection, String database) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
      statement.setString(1, database);
      try (ResultSet names = statement.executeQuery()) {
        while (names.next()) {
          tables.add(names.getString(1));
        }
      }
    }
    List<TableRows> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      for (String table : tables) {
        try (ResultSet count =
            statement.executeQuery(
                "SELECT COUNT(*) FROM " + quote(database) + "." + quote(table))) {
          count.next();
          rows.add(new TableRows(table, count.getLong(1)));
        }
      }
    }
    rows.sort(Comparator.comparing(TableRows::table));
    return List.copyOf(rows);
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
