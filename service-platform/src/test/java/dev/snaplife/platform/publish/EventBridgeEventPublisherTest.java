package dev.snaplife.platform.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.testing.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
  private final List<Duration> pauses = new ArrayList<>();
  private final EventBridgeEventPublisher publisher =
      new EventBridgeEventPublisher(
          bus, codec, "bus", SOURCE, 5, new SimpleMeterRegistry(), pauses::add);

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
    assertThat(pauses).as("one backoff before the re-send").hasSize(1);
  }

  @Test
  void waitsLongerBeforeEachReSendWithJitterWithinTheExponentialBound() {
    List<EventEnvelope<?>> events = created(1);
    bus.rejectAlways.add(codec.toJson(events.get(0)));

    assertThatThrownBy(() -> publisher.publish(events))
        .isInstanceOf(EventPublishingException.class);

    // Attempts 2..5 wait between half and all of 100 ms × 2^attempt, capped at 5 s.
    assertThat(pauses).hasSize(4);
    long[] bounds = {400, 800, 1600, 3200};
    for (int i = 0; i < 4; i++) {
      assertThat(pauses.get(i).toMillis()).isBetween(bounds[i] / 2, bounds[i]);
    }
  }

  @Test
  void keepsEachCallWithinTheRequestSizeLimit() {
    // Nine events of about 30 KiB each: ten entries would exceed 256 KiB for one request.
    List<EventEnvelope<?>> events =
        IntStream.range(0, 9).<EventEnvelope<?>>mapToObj(i -> planOfSize(30_000)).toList();

    publisher.publish(events);

    assertThat(bus.calls).extracting(List::size).containsExactly(8, 1);
    for (List<PutEventsRequestEntry> call : bus.calls) {
      assertThat(call.stream().mapToInt(e -> e.detail().length()).sum())
          .isLessThanOrEqualTo(EventBridgeEventPublisher.MAX_BYTES);
    }
  }

  @Test
  void anEventThatCanNeverFitOneEntryIsRefusedAtOnceAsPermanent() {
    EventEnvelope<?> huge = planOfSize(300_000);

    assertThat(publisher.fits(huge)).isFalse();
    assertThat(publisher.fits(planOfSize(200_000))).isTrue();
    assertThatThrownBy(() -> publisher.publish(huge))
        .isInstanceOf(EventTooLargeException.class)
        .isInstanceOf(dev.snaplife.platform.consume.PermanentFailureException.class)
        .hasMessageContaining("over EventBridge's 256 KiB for one entry");
    assertThat(bus.calls).isEmpty();
  }

  /** A BackupRunPlanned whose JSON is about the given number of bytes. */
  private static EventEnvelope<?> planOfSize(int bytes) {
    int count = bytes / 32; // each identifier adds 29 characters, its quotes and a comma
    List<String> snapshots =
        IntStream.range(0, count)
            .mapToObj(i -> String.format("snaplife-db-%08d-20261120", i))
            .toList();
    return Events.envelope(
        new BackupRunPlanned(
            "daily",
            java.util.UUID.randomUUID(),
            java.time.Instant.parse("2026-11-20T01:00:00Z"),
            false,
            snapshots,
            List.of(),
            List.of(),
            List.of()),
        SOURCE);
  }

  @Test
  void failsLoudlyRatherThanDroppingAnEntryTheBusKeepsRejecting() {
    List<EventEnvelope<?>> events = created(3);
    bus.rejectAlways.add(codec.toJson(events.get(2)));

    assertThatThrownBy(() -> publisher.publish(events))
        .isInstanceOf(EventPublishingException.class)
        .hasMessage("1 of 3 events rejected by bus bus after 5 attempts: [ThrottlingException]");
    assertThat(bus.calls).hasSize(5);
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
