package dev.snaplife.cli.dlq;

import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A service by its short or full name: {@code snapshot}, {@code snapshot-service}, {@code
 * SNAPSHOT}.
 */
final class ServiceConverter implements ITypeConverter<SnaplifeService> {

  static final String VALID = "snapshot, replication, export, archive, notifier";

  @Override
  public SnaplifeService convert(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(SnaplifeService.values())
        .filter(
            s ->
                s.serviceName().equals(name)
                    || s.serviceName().equals(name + "-service")
                    || s.name().toLowerCase(Locale.ROOT).equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "unknown service '"
                        + value
                        + "'; one of: "
                        + VALID
                        + " (or "
                        + fullNames()
                        + ")"));
  }

  private static String fullNames() {
    return Arrays.stream(SnaplifeService.values())
        .map(SnaplifeService::serviceName)
        .collect(Collectors.joining(", "));
  }
}
