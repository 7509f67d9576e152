package dev.snaplife.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventHandlersTest {

  record Handles(Set<EventType> eventTypes) implements EventHandler {
    @Override
    public void handle(EventEnvelope<?> event) {}
  }

  record HandlesNative(NativeEventType type) implements NativeEventHandler {
    @Override
    public void handle(NativeEvent event) {}
  }

  @Test
  void acceptsExactlyTheRoutedTypes() {
    assertThatNoException()
        .isThrownBy(
            () ->
                new EventHandlers(
                    SnaplifeService.EXPORT,
                    List.of(
                        new Handles(
                            EnumSet.of(EventType.SNAPSHOT_CREATED, EventType.SNAPSHOT_COPIED))),
                    List.of()));
  }

  @Test
  void refusesToStartWithARoutedTypeUnhandled() {
    assertThatThrownBy(
            () ->
                new EventHandlers(
                    SnaplifeService.EXPORT,
                    List.of(new Handles(EnumSet.of(EventType.SNAPSHOT_CREATED))),
                    List.of()))
        .hasMessage("export-service has no handler for the events routed to it: [SnapshotCopied]");
  }

  @Test
  void refusesAHandlerForATypeNeverRoutedToTheService() {
    assertThatThrownBy(
            () ->
                new EventHandlers(
                    SnaplifeService.ARCHIVE,
                    List.of(
                        new Handles(
                            EnumSet.of(EventType.ARCHIVE_REQUESTED, EventType.SNAPSHOT_CREATED))),
                    List.of()))
        .hasMessageContaining(
            "archive-service handles events the routing table never sends it: [SnapshotCreated]");
  }

  @Test
  void refusesTwoHandlersForOneType() {
    assertThatThrownBy(
            () ->
                new EventHandlers(
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
                new EventHandlers(
                    SnaplifeService.SNAPSHOT,
                    List.of(new Handles(EnumSet.of(EventType.BACKUP_REQUESTED))),
                    List.of(new HandlesNative(NativeEventType.RDS_DB_SNAPSHOT_EVENT))))
        .hasMessageContaining("snapshot-service has no handler for the AWS events routed to it")
        .hasMessageContaining("Backup Job State Change");
    assertThat(NativeEventType.values()).hasSize(3);
  }
}
