package dev.snaplife.localaws;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A choice among an enum's values made by a system property, else an environment variable, else a
 * default: the harness's emulator and database modes. An unknown value fails naming both.
 */
final class Selection {

  private Selection() {}

  /** The value of the property, else of the variable (blank counts as unset). */
  static @Nullable String lookup(
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment,
      String property,
      String variable) {
    String value = systemProperties.apply(property);
    return value != null && !value.isBlank() ? value : environment.apply(variable);
  }

  static <E extends Enum<E>> String accepted(E[] values, Function<E, String> name) {
    return Arrays.stream(values).map(name).collect(Collectors.joining(", "));
  }

  static <E extends Enum<E>> E parse(
      @Nullable String value,
      E fallback,
      Function<E, String> name,
      String property,
      String variable) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    E[] values = fallback.getDeclaringClass().getEnumConstants();
    for (E candidate : values) {
      if (name.apply(candidate).equalsIgnoreCase(value.strip())) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "Unknown "
            + property
            + " value '"
            + value
            + "': use one of "
            + accepted(values, name)
            + " (-D"
            + property
            + "=... or the environment variable "
            + variable
            + "; unset means "
            + name.apply(fallback)
            + ").");
  }
}
