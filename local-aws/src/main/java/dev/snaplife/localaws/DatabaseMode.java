package dev.snaplife.localaws;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where the archive tests' PostgreSQL and MariaDB come from, chosen by the system property {@value
 * #PROPERTY} (or the environment variable {@value #ENVIRONMENT}): {@link #LOCAL}, the default, is
 * the servers of {@code scripts/databases.sh}; {@link #CONTAINERS} runs both in containers on the
 * same loopback ports, so the tests find them as they find the local ones.
 */
public enum DatabaseMode {
  LOCAL("local"),
  CONTAINERS("containers");

  public static final String PROPERTY = "snaplife.databases";
  public static final String ENVIRONMENT = "SNAPLIFE_DATABASES";

  private final String value;

  DatabaseMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static String acceptedValues() {
    return Arrays.stream(values()).map(DatabaseMode::value).collect(Collectors.joining(", "));
  }

  /** A value of the property; null or blank is the default, {@link #LOCAL}. */
  public static DatabaseMode parse(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return LOCAL;
    }
    for (DatabaseMode mode : values()) {
      if (mode.value.equalsIgnoreCase(value.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "Unknown "
            + PROPERTY
            + " value '"
            + value
            + "': use one of "
            + acceptedValues()
            + " (-D"
            + PROPERTY
            + "=... or the environment variable "
            + ENVIRONMENT
            + "; unset means local).");
  }

  public static DatabaseMode selected() {
    return select(System::getProperty, System::getenv);
  }

  static DatabaseMode select(
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment) {
    String property = systemProperties.apply(PROPERTY);
    return parse(
        property != null && !property.isBlank() ? property : environment.apply(ENVIRONMENT));
  }
}
