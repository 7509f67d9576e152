package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.Routing;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes with PutEvents in batches of at most ten (the API's limit). PutEvents can accept some
 * entries and reject others in one response ({@code FailedEntryCount}); only the rejected entries
 * are sent again, so none is dropped and none is published twice by this method.
 */
public final class EventBridgeEventPublisher implements EventPublisher {

  static final int MAX_ENTRIES_PER_CALL = 10;
  static final int MAX_ENTRY_BYTES = 256 * 1024;

  private final EventBridgeClient eventBridge;
  private final EventCodec codec;
  private final String busName;
  private final String source;
  private final int maxAttempts;
  private final MeterRegistry meters;

  public EventBridgeEventPublisher(
      EventBridgeClient eventBridge,
      EventCodec codec,
      String busName,
      String source,
      int maxAttempts,
      MeterRegistry meters) {
    this.eventBridge = eventBridge;
    this.codec = codec;
    this.busName = busName;
    this.source = source;
    this.maxAttempts = maxAttempts;
    this.meters = meters;
  }

  @Override
  public void publish(List<? extends EventEnvelope<?>> events) {
    List<PutEventsRequestEntry> entries = events.stream().map(this::entry).toList();
    for (int from = 0; from < entries.size(); from += MAX_ENTRIES_PER_CALL) {
      putAll(entries.subList(from, Math.min(from + MAX_ENTRIES_PER_CALL, entries.size())));
    }
    events.forEach(
        e -> meters.counter("snaplife.events.published", "type", e.eventType()).increment());
  }

  private PutEventsRequestEntry entry(EventEnvelope<?> event) {
    if (!Routing.producersOf(event.type()).contains(source)) {
      throw new IllegalStateException(
          source + " is not a producer of " + event.eventType() + " in the routing table");
    }
    if (!source.equals(event.producer())) {
      throw new IllegalStateException(
          "event " + event.eventId() + " names producer " + event.producer() + ", not " + source);
    }
    String detail = codec.toJson(event);
    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder()
            .eventBusName(busName)
            .source(source)
            .detailType(event.eventType())
            .time(event.occurredAt())
            .detail(detail)
            .build();
    int size =
        source.length()
            + event.eventType().length()
            + detail.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " is " + size + " bytes, over EventBridge's 256 KiB");
    }
    return entry;
  }

  /** Sends one batch, re-sending only what EventBridge rejected, a bounded number of times. */
  private void putAll(List<PutEventsRequestEntry> batch) {
    List<PutEventsRequestEntry> pending = batch;
    TreeSet<String> lastErrors = new TreeSet<>();
    for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
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
}
