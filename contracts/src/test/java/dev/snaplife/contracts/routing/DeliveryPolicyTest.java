package dev.snaplife.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

  private static final DeliveryPolicy DEFAULTS = DeliveryPolicy.DEFAULTS;

  @Test
  void theDefaultsHoldEveryRelation() {
    assertThat(DEFAULTS.violations()).isEmpty();
  }

  @Test
  void theDefaultRetryWindowOutlastsAFifteenMinuteOutageAndALease() {
    // 10 + 20 + 40 + 80 + 160 + 300 × 5 seconds over ten deliveries.
    assertThat(DEFAULTS.retryWindow()).isEqualTo(Duration.ofSeconds(1510));
    assertThat(DEFAULTS.retryWindow())
        .isGreaterThan(Duration.ofMinutes(15).plus(DEFAULTS.claimLease()));
  }

  @Test
  void backoffGrowsByTheMultiplierUpToTheMaximum() {
    assertThat(DEFAULTS.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(DEFAULTS.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(DEFAULTS.backoff(5)).isEqualTo(Duration.ofSeconds(160));
    assertThat(DEFAULTS.backoff(6)).isEqualTo(Duration.ofMinutes(5));
    assertThat(DEFAULTS.backoff(60)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theHeartbeatRenewsThreeTimesPerLease() {
    assertThat(DEFAULTS.heartbeat()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aLeaseNotShorterThanTheVisibilityTimeoutIsRefusedNamingTheProperty() {
    DeliveryPolicy policy =
        DEFAULTS.withQueue(Duration.ofSeconds(30), 10, Duration.ofDays(4), Duration.ofDays(14));

    assertThat(policy.violations())
        .singleElement()
        .asString()
        .startsWith(
            "snaplife.events.claim-lease: 30 s must be shorter than the queue's visibility");
  }

  @Test
  void aRetryWindowShorterThanTheOutageToleranceIsRefused() {
    DeliveryPolicy fiveDeliveries =
        DEFAULTS.withQueue(Duration.ofSeconds(45), 5, Duration.ofDays(4), Duration.ofDays(14));

    assertThat(fiveDeliveries.violations())
        .singleElement()
        .asString()
        .isEqualTo(
            "snaplife.events.retry.* / the queue's redrive maxReceiveCount: a failing message is"
                + " retried for 2 min 30 s before the dead-letter queue, less than the outage"
                + " tolerance plus the claim lease (15 min 30 s); raise the receive count or the"
                + " backoff");
  }

  @Test
  void processedIdsRememberedShorterThanTheDeadLetterQueueKeepsMessagesAreRefused() {
    DeliveryPolicy policy =
        new DeliveryPolicy(
            Duration.ofSeconds(45),
            10,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            2.0,
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            Duration.ofDays(4),
            Duration.ofDays(14));

    assertThat(policy.violations())
        .singleElement()
        .asString()
        .isEqualTo(
            "snaplife.events.processed-retention: 7 d is shorter than the dead-letter queue's"
                + " retention of 14 d, so replaying an old message whose effect completed would"
                + " run it again");
  }
}
