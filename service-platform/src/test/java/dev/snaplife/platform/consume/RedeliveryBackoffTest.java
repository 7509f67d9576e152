package dev.snaplife.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class RedeliveryBackoffTest {

  static final Instant NOW = Instant.parse("2026-11-20T01:00:00Z");
  private final RedeliveryBackoff backoff =
      new RedeliveryBackoff(DeliveryPolicy.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Message<String> delivery(int receiveCount) {
    return MessageBuilder.withPayload("{}")
        .setHeader("Sqs_Msa_ApproximateReceiveCount", String.valueOf(receiveCount))
        .build();
  }

  @Test
  void aTransientFailureComesBackAfterThePolicysBackoffForItsDelivery() {
    RuntimeException throttled = new IllegalStateException("throttled");

    assertThat(backoff.comeBackAfter(delivery(1), throttled)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.comeBackAfter(delivery(3), throttled)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.comeBackAfter(delivery(9), throttled)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aDuplicateFindingTheClaimHeldComesBackJustAfterTheLeaseEnds() {
    RuntimeException held =
        new RuntimeException(
            "listener failed", new EventInProgressException("e1", NOW.plusSeconds(17)));

    assertThat(backoff.comeBackAfter(delivery(1), held)).isEqualTo(Duration.ofSeconds(18));
  }

  @Test
  void aLeaseAlreadyOverBringsTheDuplicateBackInASecond() {
    RuntimeException held = new EventInProgressException("e1", NOW.minusSeconds(5));

    assertThat(backoff.comeBackAfter(delivery(4), held)).isEqualTo(Duration.ofSeconds(1));
  }
}
