package dev.snaplife.archive.adapter.out.dump;

import java.nio.file.Path;

/**
 * The engines' command-line tools, each a name on the PATH or a path, and where the MySQL tools'
 * option files (which hold a password) are written.
 *
 * @param pgDump {@code snaplife.archive.tools.pg-dump}
 * @param pgRestore {@code snaplife.archive.tools.pg-restore}
 * @param mysqlDump {@code snaplife.archive.tools.mysql-dump}: mariadb-dump or mysqldump
 * @param mysqlClient {@code snaplife.archive.tools.mysql-client}: mariadb or mysql
 * @param workDirectory created if missing; only this user should be able to list it
 */
public record Tools(
    String pgDump, String pgRestore, String mysqlDump, String mysqlClient, Path workDirectory) {

  /** The Debian packages' tools on the PATH. */
  public static Tools onPath(Path workDirectory) {
    return new Tools("pg_dump", "pg_restore", "mariadb-dump", "mariadb", workDirectory);
  }
}
