package dev.snaplife.snapshot.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Deterministic snapshot identifiers: prefix, database and scheduled time, so a repeated or
 * redelivered request for the same run names the same snapshot and never takes a second one. RDS
 * identifiers are letters, digits and single hyphens, start with a letter, at most 255 long.
 */
public final class SnapshotNaming {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
  static final int MAX_LENGTH = 255;

  private SnapshotNaming() {}

  public static String identifier(String prefix, String database, Instant scheduledTime) {
    String raw =
        (prefix.isBlank() ? "" : prefix + "-") + database + "-" + TIME.format(scheduledTime);
    String cleaned =
        raw.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^-+", "");
    if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
      cleaned = "s-" + cleaned;
    }
    if (cleaned.length() > MAX_LENGTH) {
      // Keep the time suffix, which is what makes the name unique per run.
      String suffix = cleaned.substring(cleaned.length() - 14);
      cleaned = cleaned.substring(0, MAX_LENGTH - 15) + "-" + suffix;
    }
    return cleaned.replaceAll("-+$", "");
  }
}
