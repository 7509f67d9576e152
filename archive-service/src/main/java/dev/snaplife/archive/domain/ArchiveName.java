package dev.snaplife.archive.domain;

import dev.snaplife.contracts.event.S3Location;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The deterministic identity of one archive: a policy's dump of one logical database for one
 * scheduled time. Every delivery of the same request names the same archive, journal entry and
 * object, so a redelivery never writes a second one.
 */
public record ArchiveName(
    String policy, String databaseIdentifier, String databaseName, Instant scheduledTime) {

  private static final Pattern RDS_IDENTIFIER = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,62}");
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-zA-Z0-9_$][a-zA-Z0-9_$-]{0,63}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

  /** Identifiers arrive in events: checked here, before they reach a key, a tool or a query. */
  public ArchiveName {
    if (!RDS_IDENTIFIER.matcher(databaseIdentifier).matches()) {
      throw new IllegalArgumentException(
          "'" + databaseIdentifier + "' is not an RDS database identifier");
    }
    if (!DATABASE_NAME.matcher(databaseName).matches()) {
      throw new IllegalArgumentException(
          "'"
              + databaseName
              + "' is not a database name Snaplife archives (letters, digits, _, $ and -, ≤ 64)");
    }
  }

  /** The journal's key of this archive. */
  public String id() {
    return policy
        + "/"
        + databaseIdentifier
        + "/"
        + databaseName
        + "/"
        + STAMP.format(scheduledTime);
  }

  /**
   * {@code <prefix>/<policy>/<database>/<name>/<yyyy>/<MM>/<database>.<name>.<time><ext>}:
   * browsable by database and month, and every object names what it holds when downloaded alone.
   */
  public S3Location location(ArchivePolicy archivePolicy, Engine engine) {
    return new S3Location(
        archivePolicy.bucket(),
        archivePolicy.keyPrefix()
            + databaseIdentifier
            + "/"
            + databaseName
            + "/"
            + MONTH.format(scheduledTime)
            + "/"
            + databaseIdentifier
            + "."
            + databaseName
            + "."
            + STAMP.format(scheduledTime)
            + engine.extension()
            + archivePolicy.compression().extension());
  }
}
