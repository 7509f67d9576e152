package dev.snaplife.platform.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The system clock moved by an offset a test sets: what was made now is a month old, say. */
public final class MovableClock extends Clock {

  /** The one a service under test runs on when its test imports {@link AsServiceClock}. */
  public static final MovableClock SHARED = new MovableClock();

  /** Makes {@link #SHARED} the service's clock; tests reset its offset after each test. */
  @TestConfiguration
  public static class AsServiceClock {
    @Bean
    @Primary
    Clock movableClock() {
      return SHARED;
    }
  }

  private volatile Duration offset = Duration.ZERO;

  public void setOffset(Duration offset) {
    this.offset = offset;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
