package dev.snaplife.contracts.routing;

import java.util.Arrays;
import java.util.Optional;

/** The services of Snaplife, each with its own queue, and the other producers on the bus. */
public enum SnaplifeService {
  SNAPSHOT("snapshot-service"),
  REPLICATION("replication-service"),
  EXPORT("export-service"),
  ARCHIVE("archive-service"),
  NOTIFIER("notifier-service");

  /** The EventBridge source of events that EventBridge Scheduler puts on the bus. */
  public static final String SCHEDULER_SOURCE = "snaplife.scheduler";

  /** The EventBridge source of events an operator puts on the bus by hand (the CLI). */
  public static final String OPERATOR_SOURCE = "snaplife.operator";

  private final String serviceName;

  SnaplifeService(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }

  /** The EventBridge source this service publishes with. */
  public String source() {
    return "snaplife." + serviceName;
  }

  public static Optional<SnaplifeService> fromServiceName(String serviceName) {
    return Arrays.stream(values()).filter(s -> s.serviceName.equals(serviceName)).findFirst();
  }

  @Override
  public String toString() {
    return serviceName;
  }
}
