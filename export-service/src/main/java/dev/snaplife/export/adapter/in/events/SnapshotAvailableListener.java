package dev.snaplife.export.adapter.in.events;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.export.application.ExportSnapshots;
import dev.snaplife.platform.consume.EventHandler;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where the routing table's events enter export-service: a snapshot taken or adopted, or a copy
 * made, is exported under every rule that selects it. The platform has parsed, validated and
 * claimed each event before it gets here.
 */
@Component
class SnapshotAvailableListener implements EventHandler {

  private final ExportSnapshots exports;

  SnapshotAvailableListener(ExportSnapshots exports) {
    this.exports = exports;
  }

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(EventType.SNAPSHOT_CREATED, EventType.SNAPSHOT_COPIED);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void handle(EventEnvelope<?> event) {
    switch (event.data()) {
      case SnapshotCreated created -> exports.onCreated((EventEnvelope<SnapshotCreated>) event);
      case SnapshotCopied copied -> exports.onCopied((EventEnvelope<SnapshotCopied>) event);
      default -> throw new IllegalArgumentException("not routed here: " + event.eventType());
    }
  }
}
