package dev.snaplife.cli.dlq;

import dev.snaplife.contracts.routing.SnaplifeService;
import picocli.CommandLine.Parameters;

/** The {@code <service>} argument the dlq commands share. */
final class ServiceArgument {

  @Parameters(
      index = "0",
      paramLabel = "<service>",
      converter = ServiceConverter.class,
      description = "The service: " + ServiceConverter.VALID + " (or e.g. snapshot-service).")
  SnaplifeService service;
}
