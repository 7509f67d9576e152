package dev.snaplife.platform.config;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every Snaplife service is configured with. Resource names default to the deterministic names
 * of {@link ResourceNames}; set one only to deviate from them.
 *
 * @param service which service this process is; its queue and subscriptions follow from it
 * @param environment the prefix of every resource name
 */
@Validated
@ConfigurationProperties("snaplife")
public record SnaplifeProperties(
    @NotNull
        @Pattern(
            regexp =
                "snapshot-service|replication-service|export-service|archive-service|notifier-service",
            message =
                "must name a Snaplife service: snapshot-service, replication-service,"
                    + " export-service, archive-service or notifier-service")
        String service,
    @DefaultValue(ResourceNames.DEFAULT_ENVIRONMENT)
        @Pattern(
            regexp = "[a-z][a-z0-9-]{0,29}",
            message = "must be lowercase letters, digits and '-', start with a letter, ≤ 30 long")
        String environment,
    @DefaultValue @Valid Events events,
    @DefaultValue @Valid Aws aws) {

  /**
   * How events are published and consumed. The delivery settings are the service's side of {@link
   * DeliveryPolicy}; the queue's own (visibility timeout, receive count, retention) are read from
   * the queue at start-up and the relations between all of them checked there.
   *
   * @param busName the EventBridge bus; defaults to the environment's bus
   * @param queue the service's SQS queue; defaults to the environment's queue for the service
   * @param processedEventsTable the DynamoDB table of claimed event ids
   * @param claimLease how long a claim blocks other consumers of the same event unless renewed; a
   *     running handler renews it, with its message's visibility, every third of it
   * @param processedRetention how long a processed event id is remembered (DynamoDB TTL); at least
   *     as long as the dead-letter queue keeps messages, so a replay of a completed event is
   *     skipped
   * @param outageTolerance the outage a failing message must survive before the dead-letter queue
   * @param publishMaxAttempts PutEvents attempts for entries EventBridge reports as failed
   * @param maxConcurrentMessages messages handled at once by this instance
   * @param pollTimeout how long one long poll of the queue waits for messages
   * @param retry the backoff of a message whose handling failed transiently
   */
  public record Events(
      @Nullable String busName,
      @Nullable String queue,
      @Nullable String processedEventsTable,
      @DefaultValue("30s") @DurationMin(seconds = 3) Duration claimLease,
      @DefaultValue("15d") @DurationMin(hours = 1) Duration processedRetention,
      @DefaultValue("15m") @DurationMin(seconds = 0) Duration outageTolerance,
      @DefaultValue("5") @Min(1) @Max(20) int publishMaxAttempts,
      @DefaultValue("10") @Min(1) @Max(100) int maxConcurrentMessages,
      @DefaultValue("20s") @DurationMin(seconds = 1) @DurationMax(seconds = 20)
          Duration pollTimeout,
      @DefaultValue @Valid Retry retry) {}

  /**
   * Backoff of transient failures: each redelivery waits longer, up to the maximum; after the
   * queue's maxReceiveCount the message goes to the dead-letter queue.
   */
  public record Retry(
      @DefaultValue("10s") @DurationMin(seconds = 1) @DurationMax(hours = 12)
          Duration initialBackoff,
      @DefaultValue("5m") @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration maxBackoff,
      @DefaultValue("2.0") @DecimalMin("1.0") double multiplier) {}

  /**
   * AWS SDK behaviour shared by every client.
   *
   * @param maxAttempts attempts per API call, retries of throttling and 5xx included
   * @param callTimeout the longest one API call may take, all its attempts and backoff included
   * @param attemptTimeout the longest one attempt may take (a long poll of the queue gets its poll
   *     time on top)
   */
  public record Aws(
      @DefaultValue("5") @Min(1) @Max(20) int maxAttempts,
      @DefaultValue("2m") @DurationMin(seconds = 1) Duration callTimeout,
      @DefaultValue("20s") @DurationMin(seconds = 1) Duration attemptTimeout) {}

  /** The delivery policy this service expects, with the queue's side as provisioned by default. */
  public DeliveryPolicy deliveryPolicy() {
    DeliveryPolicy d = DeliveryPolicy.DEFAULTS;
    return new DeliveryPolicy(
        d.visibilityTimeout(),
        d.maxReceiveCount(),
        events.claimLease(),
        events.retry().initialBackoff(),
        events.retry().maxBackoff(),
        events.retry().multiplier(),
        events.outageTolerance(),
        events.processedRetention(),
        d.queueRetention(),
        d.deadLetterRetention());
  }

  public SnaplifeService snaplifeService() {
    return SnaplifeService.fromServiceName(service).orElseThrow();
  }

  public ResourceNames names() {
    return new ResourceNames(environment);
  }

  public String busName() {
    return events.busName() != null ? events.busName() : names().eventBus();
  }

  public String queue() {
    return events.queue() != null ? events.queue() : names().queue(snaplifeService());
  }

  public String processedEventsTable() {
    return events.processedEventsTable() != null
        ? events.processedEventsTable()
        : names().processedEventsTable(snaplifeService());
  }
}
