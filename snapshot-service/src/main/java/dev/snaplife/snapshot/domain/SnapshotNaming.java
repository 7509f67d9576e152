package dev.snaplife.snapshot.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Deterministic snapshot identifiers: {@code <prefix>-<database>-<yyyyMMdd-HHmm>-<policy key>}, the
 * time being the run's scheduled time in UTC. A repeated or redelivered request for the same run
 * names the same snapshot and never takes a second one; the policy key keeps two policies or two
 * environments apart. RDS identifiers are letters, digits and single hyphens, start with a letter,
 * do not end with a hyphen, and are at most 255 long; whatever the prefix and database identifier,
 * the result is one.
 */
public final class SnapshotNaming {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
  static final int MAX_LENGTH = 255;

  private SnapshotNaming() {}

  public static String identifier(BackupPolicy policy, String database, Instant scheduledTime) {
    return identifier(policy.snapshotPrefix(), database, scheduledTime, policy.ownerKey());
  }

  static String identifier(String prefix, String database, Instant scheduledTime, String key) {
    String suffix = "-" + TIME.format(scheduledTime) + "-" + clean(key);
    String body = clean((prefix == null || prefix.isBlank() ? "" : prefix + "-") + database);
    if (body.isEmpty() || !Character.isLetter(body.charAt(0))) {
      body = "s-" + body;
    }
    int room = MAX_LENGTH - suffix.length();
    if (body.length() > room) {
      // Keep the time and key: they make the name unique per run and policy.
      body = body.substring(0, room);
    }
    return stripHyphens(body) + suffix;
  }

  /** Lowercase letters and digits, single hyphens between them, none at either end. */
  private static String clean(String raw) {
    return stripHyphens(
        raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-{2,}", "-"));
  }

  private static String stripHyphens(String s) {
    return s.replaceAll("^-+", "").replaceAll("-+$", "");
  }
}
