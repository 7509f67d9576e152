package dev.snaplife.snapshot.adapter.in.events;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.consume.EventHandler;
import dev.snaplife.snapshot.application.RunBackupPolicy;
import java.util.Set;
import org.springframework.stereotype.Component;

/** A backup run request becomes one run of its policy. */
@Component
class BackupRequestedListener implements EventHandler {

  private final RunBackupPolicy runBackupPolicy;

  BackupRequestedListener(RunBackupPolicy runBackupPolicy) {
    this.runBackupPolicy = runBackupPolicy;
  }

  @Override
  public Set<EventType> eventTypes() {
    return Set.of(EventType.BACKUP_REQUESTED);
  }

  @Override
  public void handle(EventEnvelope<?> event) {
    runBackupPolicy.run(EventCodec.narrow(event, BackupRequested.class));
  }
}
