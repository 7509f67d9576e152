package dev.snaplife.archive.adapter.in.events;

import dev.snaplife.archive.application.RunArchivePolicy;
import dev.snaplife.archive.application.WriteArchive;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.platform.consume.EventHandler;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where the routing table's events enter archive-service: a policy's run fans out, a request for
 * one database is dumped. The platform has parsed, validated and claimed each event, and keeps its
 * message invisible while a long dump runs.
 */
@Component
class ArchiveRequestedListener implements EventHandler {

  private final RunArchivePolicy runs;
  private final WriteArchive archives;

  ArchiveRequestedListener(RunArchivePolicy runs, WriteArchive archives) {
    this.runs = runs;
    this.archives = archives;
  }

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(EventType.ARCHIVE_RUN_REQUESTED, EventType.ARCHIVE_REQUESTED);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void handle(EventEnvelope<?> event) {
    switch (event.data()) {
      case ArchiveRunRequested run -> runs.run((EventEnvelope<ArchiveRunRequested>) event);
      case ArchiveRequested request -> archives.write((EventEnvelope<ArchiveRequested>) event);
      default -> throw new IllegalArgumentException("not routed here: " + event.eventType());
    }
  }
}
