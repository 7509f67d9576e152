package dev.snaplife.archive.domain;

import java.util.Locale;
import java.util.Optional;

/** The dump tool family an RDS engine needs. */
public enum Engine {
  /** postgres and aurora-postgresql: pg_dump (custom format), restored with pg_restore. */
  POSTGRES,
  /** mysql, mariadb and aurora-mysql: mariadb-dump / mysqldump, restored with the SQL client. */
  MYSQL;

  /** The family of an RDS engine name, or empty for engines Snaplife cannot dump. */
  public static Optional<Engine> ofRdsEngine(String rdsEngine) {
    String engine = rdsEngine.toLowerCase(Locale.ROOT);
    if (engine.equals("postgres") || engine.equals("aurora-postgresql")) {
      return Optional.of(POSTGRES);
    }
    if (engine.equals("mysql")
        || engine.equals("mariadb")
        || engine.equals("aurora-mysql")
        || engine.equals("aurora")) {
      return Optional.of(MYSQL);
    }
    return Optional.empty();
  }

  /** The object key's extension for a dump of this engine, before compression. */
  public String extension() {
    return this == POSTGRES ? ".pgdump" : ".sql";
  }
}
