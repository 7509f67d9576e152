package dev.snaplife.platform.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.testing.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** The batching and partial-failure logic, against a bus that rejects entries on demand. */
class EventBridgeEventPublisherTest {

  static final String SOURCE = "snaplife.snapshot-service";

  /** Rejects each entry whose detail is in {@code rejectOnce} the first time it sees it. */
  static final class FlakyBus implements EventBridgeClient {
    final List<List<PutEventsRequestEntry>> calls = new ArrayList<>();
    final Set<String> rejectOnce = new HashSet<>();
    final Set<String> rejectAlways = new HashSet<>();
    final List<String> accepted = new ArrayList<>();

    @Override
    public PutEventsResponse putEvents(Consumer<PutEventsRequest.Builder> request) {
      PutEventsRequest built = PutEventsRequest.builder().applyMutation(request).build();
      calls.add(built.entries());
      List<PutEventsResultEntry> results = new ArrayList<>();
      int failed = 0;
      for (PutEventsRequestEntry entry : built.entries()) {
        if (rejectAlways.contains(entry.detail()) || rejectOnce.remove(entry.detail())) {
          results.add(
              PutEventsResultEntry.builder()
                  .errorCode("ThrottlingException")
                  .errorMessage("Rate exceeded")
                  .build());
          failed++;
        } else {
          accepted.add(entry.detail());
          results.add(PutEventsResultEntry.builder().eventId("id-" + accepted.size()).build());
        }
      }
      return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
    }

    @Override
    public String serviceName() {
      return "events";
    }

    @Override
    public void close() {}
  }

  private final EventCodec codec = new EventCodec();
  private final FlakyBus bus = new FlakyBus();
  private final EventBridgeEventPublisher publisher =
      new EventBridgeEventPublisher(bus, codec, "bus", SOURCE, 3, new SimpleMeterRegistry());

  private List<EventEnvelope<?>> created(int count) {
    return IntStream.range(0, count)
        .<EventEnvelope<?>>mapToObj(
            i -> Events.envelope(Events.sample(EventType.SNAPSHOT_CREATED), SOURCE))
        .toList();
  }

  @Test
  void sendsAtMostTenEntriesPerCall() {
    publisher.publish(created(23));

    assertThat(bus.calls).extracting(List::size).containsExactly(10, 10, 3);
    assertThat(bus.accepted).hasSize(23);
  }

  @Test
  void resendsOnlyTheEntriesTheBusRejected() {
    List<EventEnvelope<?>> events = created(5);
    String second = codec.toJson(events.get(1));
    String fourth = codec.toJson(events.get(3));
    bus.rejectOnce.addAll(List.of(second, fourth));

    publisher.publish(events);

    assertThat(bus.calls).hasSize(2);
    assertThat(bus.calls.get(1))
        .extracting(PutEventsRequestEntry::detail)
        .containsExactly(second, fourth);
    assertThat(bus.accepted).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void failsLoudlyRatherThanDroppingAnEntryTheBusKeepsRejecting() {
    List<EventEnvelope<?>> events = created(3);
    bus.rejectAlways.add(codec.toJson(events.get(2)));

    assertThatThrownBy(() -> publisher.publish(events))
        .isInstanceOf(EventPublishingException.class)
        .hasMessage("1 of 3 events rejected by bus bus after 3 attempts: [ThrottlingException]");
    assertThat(bus.calls).hasSize(3);
  }

  @Test
  void refusesToPublishATypeTheServiceDoesNotProduce() {
    EventEnvelope<?> export = Events.envelope(Events.sample(EventType.EXPORT_COMPLETED), SOURCE);

    assertThatThrownBy(() -> publisher.publish(export))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a producer of ExportCompleted");
    assertThat(bus.calls).isEmpty();
  }
}
