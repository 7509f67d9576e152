package dev.snaplife.replication.domain;

import java.util.Locale;

/**
 * Deterministic identifiers of what replication creates, so a redelivery finds its own copy instead
 * of making a second one. A copy keeps its source's identifier: unique in its own account and
 * region because the source was unique in its own. The in-place re-encrypted copy of a default-key
 * snapshot gets a suffix, since it lives beside its source.
 */
public final class ReplicaNaming {

  /** RDS snapshot identifiers: at most 255 characters. */
  static final int MAX_LENGTH = 255;

  static final String REENCRYPTED_SUFFIX = "-cmk";

  private ReplicaNaming() {}

  public static String copyIdentifier(String sourceIdentifier) {
    return valid(sourceIdentifier);
  }

  public static String reencryptedIdentifier(String sourceIdentifier) {
    String base = valid(sourceIdentifier);
    if (base.length() + REENCRYPTED_SUFFIX.length() > MAX_LENGTH) {
      base = base.substring(0, MAX_LENGTH - REENCRYPTED_SUFFIX.length());
    }
    return stripTrailingHyphens(base) + REENCRYPTED_SUFFIX;
  }

  /**
   * Letters, digits and single hyphens, starting with a letter: what RDS accepts. Automated
   * snapshots are named {@code rds:<db>-<time>}; the colon becomes a hyphen.
   */
  static String valid(String identifier) {
    String s = identifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    s = s.replaceAll("-{2,}", "-");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "s-" + s;
    }
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH);
    }
    return stripTrailingHyphens(s);
  }

  private static String stripTrailingHyphens(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(0, end);
  }
}
