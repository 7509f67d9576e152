package dev.snaplife.archive.domain;

import org.jspecify.annotations.Nullable;

/**
 * A database login read from Secrets Manager. Its {@link #toString} never shows the password, so no
 * log line, event or exception can carry it by accident.
 *
 * @param databaseName the secret's {@code dbname}, the logical database it is for, if it says
 */
public record DatabaseCredentials(
    String host, int port, String username, String password, @Nullable String databaseName) {

  @Override
  public String toString() {
    return username + "@" + host + ":" + port + (databaseName == null ? "" : "/" + databaseName);
  }

  /** The text with the password (and its URL-encoded form) replaced, for error messages. */
  public String scrub(@Nullable String text) {
    if (text == null || password.isEmpty()) {
      return text == null ? "" : text;
    }
    String scrubbed = text.replace(password, "****");
    String encoded = java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
    return scrubbed.replace(encoded, "****");
  }
}
