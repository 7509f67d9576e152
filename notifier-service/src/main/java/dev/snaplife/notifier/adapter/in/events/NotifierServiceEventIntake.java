package dev.snaplife.notifier.adapter.in.events;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.platform.consume.EventHandler;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the routing table's events enter notifier-service. The platform has parsed, validated and
 * claimed each event before it gets here; this adapter translates it into the service's use cases,
 * which the service's own issues add. Until then it records the intake.
 */
@Component
class NotifierServiceEventIntake implements EventHandler {

  private static final Logger log = LoggerFactory.getLogger(NotifierServiceEventIntake.class);

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(
        EventType.BACKUP_REQUESTED,
        EventType.SNAPSHOT_CREATED,
        EventType.SNAPSHOT_DELETED,
        EventType.SNAPSHOT_FAILED,
        EventType.SNAPSHOT_SHARED,
        EventType.SNAPSHOT_COPIED,
        EventType.EXPORT_COMPLETED,
        EventType.EXPORT_FAILED,
        EventType.ARCHIVE_WRITTEN,
        EventType.ARCHIVE_FAILED,
        EventType.ARCHIVE_EXPIRED);
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    log.info(
        "received {} {} (lifecycle {}, caused by {}) from {}",
        event.eventType(),
        event.eventId(),
        event.lifecycleId(),
        event.causationId(),
        event.producer());
  }
}
