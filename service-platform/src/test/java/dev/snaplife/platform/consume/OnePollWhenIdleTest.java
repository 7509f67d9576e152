package dev.snaplife.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import org.junit.jupiter.api.Test;

class OnePollWhenIdleTest {

  final OnePollWhenIdle handler = new OnePollWhenIdle();

  @Test
  void anIdleListenerHasOnePollInFlight() {
    assertThat(handler.request(10)).isEqualTo(10);
    assertThat(handler.request(10)).isZero();

    handler.release(10, ReleaseReason.NONE_FETCHED);

    assertThat(handler.request(10)).isEqualTo(10);
    assertThat(handler.request(10)).isZero();
  }

  @Test
  void pollsThatReturnMessagesRunSideBySide() {
    handler.request(10);
    handler.release(7, ReleaseReason.PARTIAL_FETCH);

    assertThat(handler.request(7)).isEqualTo(7);
    assertThat(handler.request(3)).isEqualTo(3);
    assertThat(handler.pollsInFlight()).isEqualTo(2);
  }

  @Test
  void overlappingEmptyPollsAfterABurstNarrowDownToOne() {
    handler.request(10);
    handler.release(0, ReleaseReason.PARTIAL_FETCH); // a full batch
    handler.request(5);
    handler.request(5);

    handler.release(5, ReleaseReason.NONE_FETCHED); // idle again, the other poll still out
    assertThat(handler.request(5)).isZero();

    handler.release(5, ReleaseReason.NONE_FETCHED);
    assertThat(handler.request(10)).isEqualTo(10);
    assertThat(handler.request(10)).isZero();
  }

  @Test
  void processedAndLimitedReleasesDoNotEndAPoll() {
    handler.request(10);
    handler.release(1, ReleaseReason.PROCESSED);
    handler.release(2, ReleaseReason.LIMITED);

    assertThat(handler.pollsInFlight()).isEqualTo(1);
    assertThat(handler.request(10)).isZero();
  }
}
