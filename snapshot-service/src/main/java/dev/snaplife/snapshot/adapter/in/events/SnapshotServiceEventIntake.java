package dev.snaplife.snapshot.adapter.in.events;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.consume.EventHandler;
import dev.snaplife.snapshot.application.TakeSnapshots;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/** A backup run request becomes one run of its policy. */
@Component
class SnapshotServiceEventIntake implements EventHandler {

  private final TakeSnapshots takeSnapshots;

  SnapshotServiceEventIntake(TakeSnapshots takeSnapshots) {
    this.takeSnapshots = takeSnapshots;
  }

  @Override
  public Set<EventType> eventTypes() {
    return EnumSet.of(EventType.BACKUP_REQUESTED);
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    takeSnapshots.run(EventCodec.narrow(event, BackupRequested.class));
  }
}
