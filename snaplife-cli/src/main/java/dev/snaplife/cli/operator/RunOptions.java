package dev.snaplife.cli.operator;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options a run requested by hand shares, whichever policy kind it runs. */
final class RunOptions {

  private static final Pattern POLICY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

  @Option(
      names = "--database",
      paramLabel = "ID",
      converter = DatabaseConverter.class,
      description =
          "Run only for this database of the policy (DB instance or Aurora cluster identifier);"
              + " repeat for several. Default: every database the policy selects.")
  List<String> databases = new ArrayList<>();

  @Option(
      names = "--scheduled-time",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = {
        "The time the run stands for, in UTC; names derive from it. Default: now, truncated to the"
            + " hour.",
        "  e.g. 2026-12-06T02:00:00Z"
      })
  @Nullable Instant scheduledTime;

  @Option(names = "--json", description = "Print the published request as JSON.")
  boolean json;

  Instant scheduledTimeOrThisHour(Clock clock) {
    return scheduledTime != null ? scheduledTime : clock.instant().truncatedTo(ChronoUnit.HOURS);
  }

  /** The databases as the event carries them: null for all of the policy's. */
  @Nullable List<String> databasesOrAll() {
    return databases.isEmpty() ? null : List.copyOf(databases);
  }

  /** A policy name as the services accept it: letters, digits, '-' and '_'. */
  static final class PolicyConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!POLICY.matcher(value).matches()) {
        throw new TypeConversionException(
            "'" + value + "' is no policy name (letters, digits, '-' and '_', at most 64)");
      }
      return value;
    }
  }

  static final class DatabaseConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!DATABASE.matcher(value).matches()) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is no RDS identifier (a letter, then letters, digits and '-', at most 63)");
      }
      return value;
    }
  }

  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is no ISO instant in UTC, e.g. 2026-12-06T02:00:00Z");
      }
    }
  }
}
