package dev.snaplife.platform.consume;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Keeps a running handler's message invisible and its claim leased for as long as it runs: every
 * {@link dev.snaplife.contracts.routing.DeliveryPolicy#heartbeat()} the message's visibility is set
 * to the queue's timeout again and the claim's lease renewed. A handler that ends before the first
 * beat costs nothing; one that runs for an hour never runs twice at once; one that crashes stops
 * beating, so its message and claim free up within a visibility timeout.
 */
final class Heartbeats implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "snaplife-heartbeat");
            thread.setDaemon(true);
            return thread;
          });
  private final ProcessedEvents processedEvents;
  private final Duration interval;
  private final int visibilitySeconds;
  private final MeterRegistry meters;

  Heartbeats(
      ProcessedEvents processedEvents,
      Duration interval,
      Duration visibility,
      MeterRegistry meters) {
    this.processedEvents = processedEvents;
    this.interval = interval;
    this.visibilitySeconds = (int) visibility.toSeconds();
    this.meters = meters;
  }

  /** Starts beating for the message's handler; close the result when the handler returns. */
  Beating start(Message<String> message, ProcessedEvents.Claim.Claimed claim) {
    Visibility visibility =
        message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
    ScheduledFuture<?> beats =
        scheduler.scheduleWithFixedDelay(
            () -> beat(visibility, claim),
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    return () -> beats.cancel(false);
  }

  private void beat(Visibility visibility, ProcessedEvents.Claim.Claimed claim) {
    try {
      if (visibility != null) {
        visibility.changeToAsync(visibilitySeconds);
      }
      if (!processedEvents.extend(claim)) {
        log.warn(
            "event {} is no longer claimed by this consumer; its lease ran out while it ran",
            claim.eventId());
        meters.counter("snaplife.events.heartbeats", "outcome", "claim-lost").increment();
        return;
      }
      meters.counter("snaplife.events.heartbeats", "outcome", "renewed").increment();
    } catch (RuntimeException e) {
      // The next beat tries again; a lease that lapses lets another consumer take over.
      log.warn("heartbeat of event {} failed: {}", claim.eventId(), e.toString());
      meters.counter("snaplife.events.heartbeats", "outcome", "failed").increment();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** A handler's heartbeat; closing it stops the beats. */
  interface Beating extends AutoCloseable {
    @Override
    void close();
  }
}
