package dev.snaplife.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandHandler;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventHandlersTest {

  record Handles(Set<EventType> eventTypes) implements EventHandler {
    @Override
    public void handle(EventEnvelope<?> event) {}
  }

  record HandlesNative(NativeEventType type) implements NativeEventHandler {
    @Override
    public void handle(NativeEvent event) {}
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static EventHandlers handlers(
      SnaplifeService service,
      List<? extends EventHandler> events,
      List<? extends NativeEventHandler> natives) {
    return handlers(service, events, natives, List.of());
  }

  static EventHandlers handlers(
      SnaplifeService service,
      List<? extends EventHandler> events,
      List<? extends NativeEventHandler> natives,
      List<CommandHandler<?>> commands) {
    return new EventHandlers(service, List.copyOf(events), List.copyOf(natives), commands, JSON);
  }

  record Payload(String policy) {}

  static final class RecordingCommand implements CommandHandler<Payload> {
    final List<Command<Payload>> handled = new java.util.ArrayList<>();
    private final String name;

    RecordingCommand(String name) {
      this.name = name;
    }

    @Override
    public String command() {
      return name;
    }

    @Override
    public Class<Payload> payloadType() {
      return Payload.class;
    }

    @Override
    public void handle(Command<Payload> command) {
      handled.add(command);
    }
  }

  static List<NativeEventHandler> allNativeHandlers() {
    return java.util.Arrays.stream(NativeEventType.values())
        .map(t -> (NativeEventHandler) new HandlesNative(t))
        .toList();
  }

  @Test
  void requiresAHandlerForEveryTimerRoutedToTheService() {
    assertThatThrownBy(
            () ->
                handlers(
                    SnaplifeService.SNAPSHOT,
                    List.of(new Handles(EnumSet.of(EventType.BACKUP_REQUESTED))),
                    allNativeHandlers()))
        .hasMessage("snapshot-service has no handler for the timer routed to it: rpo-watch");
  }

  @Test
  void dispatchesACommandWithItsPayloadBound() {
    RecordingCommand follow = new RecordingCommand("follow-snapshots");
    EventHandlers handlers =
        handlers(
            SnaplifeService.SNAPSHOT,
            List.of(new Handles(EnumSet.of(EventType.BACKUP_REQUESTED))),
            allNativeHandlers(),
            List.of(follow, new RecordingCommand("rpo-watch")));
    java.util.UUID id = java.util.UUID.randomUUID();
    java.time.Instant at = java.time.Instant.parse("2026-11-20T01:00:00Z");

    handlers.dispatch(
        new InboundEvent.Command(
            "follow-snapshots", id, at, JSON.readTree("{\"policy\":\"daily\"}"), "test"));

    assertThat(follow.handled)
        .containsExactly(new Command<>("follow-snapshots", id, at, new Payload("daily")));
  }

  @Test
  void anUnknownCommandOrAnUnreadablePayloadIsPoison() {
    EventHandlers handlers =
        handlers(
            SnaplifeService.SNAPSHOT,
            List.of(new Handles(EnumSet.of(EventType.BACKUP_REQUESTED))),
            allNativeHandlers(),
            List.of(new RecordingCommand("rpo-watch")));
    java.time.Instant at = java.time.Instant.parse("2026-11-20T01:00:00Z");

    assertThatThrownBy(
            () ->
                handlers.dispatch(
                    new InboundEvent.Command(
                        "delete-everything",
                        java.util.UUID.randomUUID(),
                        at,
                        JSON.readTree("{}"),
                        "test")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("no handler for command 'delete-everything' (known: [rpo-watch])");
    assertThatThrownBy(
            () ->
                handlers.dispatch(
                    new InboundEvent.Command(
                        "rpo-watch",
                        java.util.UUID.randomUUID(),
                        at,
                        JSON.readTree("{\"policy\":{\"nested\":true}}"),
                        "test")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("command rpo-watch has an unreadable payload");
  }

  @Test
  void acceptsExactlyTheRoutedTypes() {
    assertThatNoException()
        .isThrownBy(
            () ->
                handlers(
                    SnaplifeService.NOTIFIER,
                    List.of(
                        new Handles(
                            dev.snaplife.contracts.routing.Routing.subscriptionOf(
                                    SnaplifeService.NOTIFIER)
                                .events())),
                    List.of()));
  }

  @Test
  void refusesToStartWithARoutedTypeUnhandled() {
    assertThatThrownBy(
            () ->
                handlers(
                    SnaplifeService.EXPORT,
                    List.of(new Handles(EnumSet.of(EventType.SNAPSHOT_CREATED))),
                    List.of()))
        .hasMessage("export-service has no handler for the events routed to it: [SnapshotCopied]");
  }

  @Test
  void refusesAHandlerForATypeNeverRoutedToTheService() {
    assertThatThrownBy(
            () ->
                handlers(
                    SnaplifeService.ARCHIVE,
                    List.of(
                        new Handles(
                            EnumSet.of(
                                EventType.ARCHIVE_RUN_REQUESTED,
                                EventType.ARCHIVE_REQUESTED,
                                EventType.SNAPSHOT_CREATED))),
                    List.of()))
        .hasMessageContaining(
            "archive-service handles events the routing table never sends it: [SnapshotCreated]");
  }

  @Test
  void refusesTwoHandlersForOneType() {
    assertThatThrownBy(
            () ->
                handlers(
                    SnaplifeService.ARCHIVE,
                    List.of(
                        new Handles(EnumSet.of(EventType.ARCHIVE_REQUESTED)),
                        new Handles(EnumSet.of(EventType.ARCHIVE_REQUESTED))),
                    List.of()))
        .hasMessageStartingWith("two handlers for ArchiveRequested");
  }

  @Test
  void requiresAHandlerForEveryRoutedNativeEvent() {
    assertThatThrownBy(
            () ->
                handlers(
                    SnaplifeService.SNAPSHOT,
                    List.of(new Handles(EnumSet.of(EventType.BACKUP_REQUESTED))),
                    List.of(new HandlesNative(NativeEventType.RDS_DB_SNAPSHOT_EVENT))))
        .hasMessageContaining("snapshot-service has no handler for the AWS events routed to it")
        .hasMessageContaining("Backup Job State Change");
    assertThat(NativeEventType.values()).hasSize(3);
  }
}
