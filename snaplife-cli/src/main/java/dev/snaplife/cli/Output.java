package dev.snaplife.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The text and JSON renderings the commands share. */
public final class Output {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Output() {}

  public static void json(PrintWriter out, Object value) {
    out.println(JSON.writeValueAsString(value));
    out.flush();
  }

  /** "3d 4h", "2h 05m", "4m 10s", "12s": the age of a message, at a glance. */
  public static String age(@Nullable Instant since, Instant now) {
    if (since == null) {
      return "-";
    }
    Duration d = Duration.between(since, now);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return String.format("%dh %02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }

  public static String orDash(@Nullable Object value) {
    return value == null ? "-" : value.toString();
  }
}
