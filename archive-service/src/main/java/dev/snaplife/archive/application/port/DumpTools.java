package dev.snaplife.archive.application.port;

import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.contracts.event.TableRows;
import dev.snaplife.platform.failure.ReportedFailure;
import java.io.InputStream;
import java.util.List;

/**
 * The engines' own tools as child processes: pg_dump / pg_restore, mariadb-dump / mariadb. The
 * login reaches them by environment or a file only this user can read, never on the command line.
 */
public interface DumpTools {

  /** Starts dumping one logical database. The caller reads the output to its end, then finishes. */
  RunningDump dump(Engine engine, DatabaseCredentials login, String databaseName);

  /**
   * Restores a dump (uncompressed bytes) into a new scratch database on the engine's verification
   * server, counts the rows of its tables, and drops it again whatever happened.
   *
   * @throws ToolFailedException when the restore fails
   */
  List<TableRows> restoreAndCount(Engine engine, String scratchName, InputStream dump);

  /** A dump under way. Closing it kills the tool if it still runs and removes its files. */
  interface RunningDump extends AutoCloseable {

    /** The dump's bytes as the tool writes them. */
    InputStream output();

    /**
     * Waits for the tool to exit after its output was read to the end.
     *
     * @return the rows of each table the dump holds
     * @throws ToolFailedException when it exited otherwise than successfully
     */
    List<TableRows> finish();

    @Override
    void close();
  }

  /**
   * A tool failed. The message is scrubbed of the login and says what the tool said (its last lines
   * of error output).
   *
   * @param retryable whether running it again later may succeed (a server down, a killed tool) or
   *     not (a wrong password, a tool too old for the server)
   */
  final class ToolFailedException extends ReportedFailure {
    private static final long serialVersionUID = 1L;

    public ToolFailedException(String message, String errorCode, boolean retryable) {
      super(errorCode, message, retryable);
    }
  }
}
