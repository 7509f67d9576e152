package dev.snaplife.localaws;

import java.util.function.Function;
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
    return Selection.accepted(values(), DatabaseMode::value);
  }

  /** A value of the property; null or blank is the default, {@link #LOCAL}. */
  public static DatabaseMode parse(@Nullable String value) {
    return Selection.parse(value, LOCAL, DatabaseMode::value, PROPERTY, ENVIRONMENT);
  }

  public static DatabaseMode selected() {
    return select(System::getProperty, System::getenv);
  }

  static DatabaseMode select(
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment) {
    return parse(Selection.lookup(systemProperties, environment, PROPERTY, ENVIRONMENT));
  }
}
