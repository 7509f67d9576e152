package dev.snaplife.export.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Names and places, all derived from the rule and the snapshot so that every delivery, replica and
 * retry arrives at the same ones: the export task identifier, the S3 folders, the Glue database and
 * crawler.
 */
public final class ExportLayout {

  /**
   * RDS: 1 to 60 letters, digits and hyphens, a letter first, no two hyphens in a row, none last.
   */
  static final int TASK_ID_MAX = 60;

  /** The engines RDS can export snapshots of to S3. */
  public static final Set<String> EXPORTABLE_ENGINES =
      Set.of("mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql");

  private ExportLayout() {}

  /**
   * The export task of a snapshot under a rule: readable (rule, snapshot) and unique (a hash of the
   * rule and the snapshot's ARN, which tells apart a source and its copies of the same name).
   */
  public static String taskIdentifier(String rule, String snapshotArn, String snapshotIdentifier) {
    String hash = sha256(rule + "|" + snapshotArn).substring(0, 8);
    String readable = sanitise(rule + "-" + snapshotIdentifier, '-');
    int room = TASK_ID_MAX - hash.length() - 1;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    readable = readable.replaceAll("-+$", "");
    if (readable.isEmpty() || !Character.isLetter(readable.charAt(0))) {
      readable = ("x" + readable);
      readable = readable.substring(0, Math.min(readable.length(), room));
    }
    return readable + "-" + hash;
  }

  /** A prefix is empty or ends with exactly one '/', never starts with one. */
  public static String normalisePrefix(String prefix) {
    String p = prefix == null ? "" : prefix.strip();
    p = p.replaceAll("^/+", "").replaceAll("/+$", "");
    return p.isEmpty() ? "" : p + "/";
  }

  /** Where a rule's exports of a database go: the task prefix RDS is given. */
  public static String databasePrefix(ExportRule rule, String sourceIdentifier) {
    return rule.prefix() + sourceIdentifier + "/";
  }

  /** Where RDS writes one export: the task's folder under the database prefix. */
  public static String exportFolder(ExportRule rule, String sourceIdentifier, String taskId) {
    return databasePrefix(rule, sourceIdentifier) + taskId + "/";
  }

  /** The Glue database of a rule's exports of one source database. */
  public static String glueDatabase(ExportRule rule, String sourceIdentifier) {
    String prefix = rule.glue() == null ? "" : rule.glue().databasePrefix();
    return sanitise(prefix + rule.name() + "_" + sourceIdentifier, '_');
  }

  /** The one crawler of a rule's exports of one source database. */
  public static String crawler(String environment, ExportRule rule, String sourceIdentifier) {
    return environment + "-export-" + rule.name() + "-" + sourceIdentifier;
  }

  private static String sanitise(String value, char separator) {
    String lower =
        value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", String.valueOf(separator));
    return separator == '-' ? lower.replaceAll("-{2,}", "-").replaceAll("^-+", "") : lower;
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
