package dev.snaplife.replication.adapter.in.events;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.platform.consume.EventHandler;
import dev.snaplife.replication.application.CopySnapshots;
import dev.snaplife.replication.application.ReplicateSnapshot;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where the routing table's events enter replication-service: a created snapshot is shared and its
 * copies requested; each requested copy is made. The platform has parsed, validated and claimed
 * each event before it gets here.
 */
@Component
class ReplicationEventsListener implements EventHandler {

  private final ReplicateSnapshot replicate;
  private final CopySnapshots copies;

  ReplicationEventsListener(ReplicateSnapshot replicate, CopySnapshots copies) {
    this.replicate = replicate;
    this.copies = copies;
  }

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(EventType.SNAPSHOT_CREATED, EventType.SNAPSHOT_COPY_REQUESTED);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void handle(EventEnvelope<?> event) {
    switch (event.data()) {
      case SnapshotCreated created -> replicate.onCreated((EventEnvelope<SnapshotCreated>) event);
      case SnapshotCopyRequested requested ->
          copies.onRequested((EventEnvelope<SnapshotCopyRequested>) event);
      default -> throw new IllegalArgumentException("not routed here: " + event.eventType());
    }
  }
}
