package dev.snaplife.contracts.routing;

import java.util.regex.Pattern;

/**
 * Deterministic names of the resources an environment of Snaplife uses, so provisioning, the
 * deployment template and the services agree without configuration drift.
 *
 * @param environment a short lowercase prefix (for example {@code snaplife} or {@code
 *     snaplife-staging}); it must be valid inside S3 bucket names
 */
public record ResourceNames(String environment) {

  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{0,29}");

  public static final String DEFAULT_ENVIRONMENT = "snaplife";

  public ResourceNames {
    if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
      throw new IllegalArgumentException(
          "environment must match "
              + ENVIRONMENT.pattern()
              + " (lowercase, starts with a letter, at most 30 characters), got: "
              + environment);
    }
  }

  public String eventBus() {
    return environment + "-events";
  }

  public String queue(SnaplifeService service) {
    return environment + "-" + service.serviceName();
  }

  public String deadLetterQueue(SnaplifeService service) {
    return queue(service) + "-dlq";
  }

  /** The rule routing Snaplife's own events to the service's queue. */
  public String rule(SnaplifeService service) {
    return environment + "-to-" + service.serviceName();
  }

  /** The rule routing one type of AWS's native events to the service's queue. */
  public String nativeRule(SnaplifeService service, NativeEventType type) {
    return environment + "-" + type.shortName() + "-to-" + service.serviceName();
  }

  /**
   * The rule in a destination account or region that forwards AWS's native events of one type to
   * the home account's default bus, where the service's native rule routes them.
   */
  public String forwardingRule(NativeEventType type) {
    return environment + "-" + type.shortName() + "-to-home";
  }

  /** The EventBridge Scheduler group of the environment's schedules (timers, backup policies). */
  public String scheduleGroup() {
    return environment;
  }

  /** The IAM role EventBridge Scheduler assumes to deliver the environment's schedules. */
  public String schedulerRole() {
    return environment + "-scheduler";
  }

  /** The CloudWatch alarm raised when anything lands in the service's dead-letter queue. */
  public String deadLetterAlarm(SnaplifeService service) {
    return deadLetterQueue(service) + "-not-empty";
  }

  public String processedEventsTable(SnaplifeService service) {
    return environment + "-" + service.serviceName() + "-processed-events";
  }

  /** A table of the service's own state, keyed by a string attribute {@code id}. */
  public String serviceTable(SnaplifeService service, String purpose) {
    return environment + "-" + service.serviceName() + "-" + purpose;
  }

  public String infoTopic() {
    return environment + "-info";
  }

  public String alertsTopic() {
    return environment + "-alerts";
  }

  /** S3 bucket names are global: the account and region keep them unique. */
  public String exportsBucket(String accountId, String region) {
    return environment + "-exports-" + accountId + "-" + region;
  }

  public String archivesBucket(String accountId, String region) {
    return environment + "-archives-" + accountId + "-" + region;
  }

  public String kmsKeyAlias() {
    return "alias/" + environment;
  }
}
