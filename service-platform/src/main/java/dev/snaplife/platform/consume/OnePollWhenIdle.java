package dev.snaplife.platform.consume;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Back pressure that keeps an idle listener to one long poll at a time: once a poll comes back
 * empty, no poll starts while another is in flight, until one returns messages again; while polls
 * return messages, they run side by side for the permits the concurrency limit leaves. Placed after
 * the concurrency limiter, so a poll for the permits a long handler leaves free still goes out.
 *
 * <p>Spring Cloud AWS's own throughput handler keeps a single "occupied" flag that any empty poll
 * clears, so after a burst two overlapping polls keep clearing each other's flag and the listener
 * goes on with two (or more) long polls for good: twice the idle receive calls. This one counts the
 * polls in flight; every poll ends in exactly one {@code NONE_FETCHED} or {@code PARTIAL_FETCH}
 * release (a full batch releases zero permits as {@code PARTIAL_FETCH}).
 */
final class OnePollWhenIdle implements BackPressureHandler {

  private final AtomicInteger pollsInFlight = new AtomicInteger();
  private final AtomicBoolean idle = new AtomicBoolean(true);

  @Override
  public int request(int amount) {
    if (idle.get()) {
      if (!pollsInFlight.compareAndSet(0, 1)) {
        return 0;
      }
    } else {
      pollsInFlight.incrementAndGet();
    }
    return amount;
  }

  @Override
  public void release(int amount, ReleaseReason reason) {
    switch (reason) {
      case NONE_FETCHED -> {
        pollsInFlight.decrementAndGet();
        idle.set(true);
      }
      case PARTIAL_FETCH -> {
        pollsInFlight.decrementAndGet();
        idle.set(false);
      }
      case LIMITED, PROCESSED -> {
        // Not the end of a poll.
      }
    }
  }

  int pollsInFlight() {
    return pollsInFlight.get();
  }

  @Override
  public boolean drain(Duration timeout) {
    return true;
  }
}
