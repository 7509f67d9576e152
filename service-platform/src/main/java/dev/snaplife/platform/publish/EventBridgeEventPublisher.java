package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.Routing;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes with PutEvents in batches within the API's limits: at most ten entries and 256 KiB per
 * call. PutEvents can accept some entries and reject others in one response ({@code
 * FailedEntryCount}); only the rejected entries are sent again, after an exponential backoff with
 * full jitter, so none is dropped and a throttled bus is not hammered. An event that can never fit
 * one entry is refused at once as a permanent failure: callers split what can be split ({@link
 * #fits}).
 */
public final class EventBridgeEventPublisher implements EventPublisher {

  static final int MAX_ENTRIES_PER_CALL = 10;

  /** EventBridge's limit for one entry and for one whole PutEvents request. */
  public static final int MAX_BYTES = 256 * 1024;

  static final Duration BASE_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final EventBridgeClient eventBridge;
  private final EventCodec codec;
  private final String busName;
  private final String source;
  private final int maxAttempts;
  private final MeterRegistry meters;
  private final Sleeper sleeper;

  /** Waits between re-sends; tests replace it to run without waiting. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public EventBridgeEventPublisher(
      EventBridgeClient eventBridge,
      EventCodec codec,
      String busName,
      String source,
      int maxAttempts,
      MeterRegistry meters) {
    this(eventBridge, codec, busName, source, maxAttempts, meters, d -> Thread.sleep(d));
  }

  public EventBridgeEventPublisher(
      EventBridgeClient eventBridge,
      EventCodec codec,
      String busName,
      String source,
      int maxAttempts,
      MeterRegistry meters,
      Sleeper sleeper) {
    this.eventBridge = eventBridge;
    this.codec = codec;
    this.busName = busName;
    this.source = source;
    this.maxAttempts = maxAttempts;
    this.meters = meters;
    this.sleeper = sleeper;
  }

  @Override
  public void publish(List<? extends EventEnvelope<?>> events) {
    List<Sized> entries = events.stream().map(this::entry).toList();
    List<PutEventsRequestEntry> batch = new ArrayList<>();
    int batchBytes = 0;
    for (Sized sized : entries) {
      if (batch.size() == MAX_ENTRIES_PER_CALL || batchBytes + sized.bytes() > MAX_BYTES) {
        putAll(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(sized.entry());
      batchBytes += sized.bytes();
    }
    if (!batch.isEmpty()) {
      putAll(batch);
    }
    events.forEach(
        e -> meters.counter("snaplife.events.published", "type", e.eventType()).increment());
  }

  @Override
  public boolean fits(EventEnvelope<?> event) {
    return size(event.eventType(), codec.toJson(event)) <= MAX_BYTES;
  }

  private record Sized(PutEventsRequestEntry entry, int bytes) {}

  private Sized entry(EventEnvelope<?> event) {
    if (!Routing.producersOf(event.type()).contains(source)) {
      throw new IllegalStateException(
          source + " is not a producer of " + event.eventType() + " in the routing table");
    }
    if (!source.equals(event.producer())) {
      throw new IllegalStateException(
          "event " + event.eventId() + " names producer " + event.producer() + ", not " + source);
    }
    String detail = codec.toJson(event);
    int size = size(event.eventType(), detail);
    if (size > MAX_BYTES) {
      throw new EventTooLargeException(
          event.eventType()
              + " "
              + event.eventId()
              + " is "
              + size
              + " bytes, over EventBridge's 256 KiB for one entry; it cannot be published as is");
    }
    return new Sized(
        PutEventsRequestEntry.builder()
            .eventBusName(busName)
            .source(source)
            .detailType(event.eventType())
            .time(event.occurredAt())
            .detail(detail)
            .build(),
        size);
  }

  /** EventBridge's entry size: the time (14 bytes), source, detail-type and detail in UTF-8. */
  private int size(String detailType, String detail) {
    return 14
        + source.getBytes(StandardCharsets.UTF_8).length
        + detailType.getBytes(StandardCharsets.UTF_8).length
        + detail.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Sends one batch, re-sending only what EventBridge rejected, a bounded number of times. */
  private void putAll(List<PutEventsRequestEntry> batch) {
    List<PutEventsRequestEntry> pending = batch;
    TreeSet<String> lastErrors = new TreeSet<>();
    for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
      if (attempt > 1) {
        pause(attempt);
      }
      List<PutEventsRequestEntry> sending = pending;
      PutEventsResponse response = eventBridge.putEvents(b -> b.entries(sending));
      if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
        return;
      }
      // Result entries line up with request entries by position.
      List<PutEventsRequestEntry> rejected = new ArrayList<>();
      lastErrors.clear();
      List<PutEventsResultEntry> results = response.entries();
      for (int i = 0; i < sending.size(); i++) {
        PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
        if (result == null || result.errorCode() != null || result.eventId() == null) {
          rejected.add(sending.get(i));
          lastErrors.add(result == null ? "missing result" : result.errorCode());
        }
      }
      meters.counter("snaplife.events.rejected").increment(rejected.size());
      pending = rejected;
    }
    if (!pending.isEmpty()) {
      throw new EventPublishingException(
          pending.size()
              + " of "
              + batch.size()
              + " events rejected by bus "
              + busName
              + " after "
              + maxAttempts
              + " attempts: "
              + lastErrors);
    }
  }

  /** Full jitter: a random wait up to the exponential bound, so re-senders spread out. */
  private void pause(int attempt) {
    long bound =
        Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() * (1L << Math.min(20, attempt)));
    try {
      sleeper.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishingException("interrupted while re-sending rejected events");
    }
  }
}
