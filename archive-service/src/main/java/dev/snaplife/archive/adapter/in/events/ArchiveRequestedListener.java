package dev.snaplife.archive.adapter.in.events;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.platform.consume.EventHandler;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where the routing table's events enter archive-service. The platform has parsed, validated and
 * claimed each event before it gets here; this adapter translates it into the service's use cases,
 * which the service's own issues add.
 */
@Component
class ArchiveRequestedListener implements EventHandler {

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(EventType.ARCHIVE_REQUESTED);
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    // Accepted: the platform has logged, claimed and counted it. The use cases that act on these
    // events are the service's own issues; they plug in here.
  }
}
