package dev.snaplife.snapshot.domain;

import java.util.regex.Pattern;

/**
 * What RDS accepts as identifiers, checked where identifiers arrive from outside (a request, an AWS
 * event) before they reach an AWS call or an event: a malformed one is bad input with a reason, not
 * a transient failure retried until it reaches the dead-letter queue.
 */
public final class RdsIdentifiers {

  /** DB instance and cluster identifiers: a letter, then letters, digits and hyphens, ≤ 63. */
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

  /**
   * Snapshot identifiers, including automated ({@code rds:db-2026-11-20-01-00}) and AWS Backup
   * ({@code awsbackup:job-…}) ones, which carry a colon; at most 255.
   */
  private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z][A-Za-z0-9:-]{0,254}");

  private RdsIdentifiers() {}

  public static boolean isDatabase(String identifier) {
    return identifier != null && DATABASE.matcher(identifier).matches();
  }

  public static boolean isSnapshot(String identifier) {
    return identifier != null && SNAPSHOT.matcher(identifier).matches();
  }
}
