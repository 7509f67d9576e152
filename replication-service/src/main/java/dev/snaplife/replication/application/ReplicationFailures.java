package dev.snaplife.replication.application;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.replication.domain.Location;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a step's failure: one event per step, destination and cause, whatever the retries. */
final class ReplicationFailures {

  private static final Logger log = LoggerFactory.getLogger(ReplicationFailures.class);

  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;

  ReplicationFailures(EventPublisher publisher, OutgoingEvents outgoing) {
    this.publisher = publisher;
    this.outgoing = outgoing;
  }

  void publish(
      UUID causeEventId,
      UUID lifecycleId,
      SnapshotRef snapshot,
      String policy,
      String rule,
      SnapshotReplicationFailed.Step step,
      @Nullable String destination,
      Location where,
      String errorCode,
      String reason,
      boolean retryable) {
    log.warn(
        "replication {} of {} ({} / {}) failed in {}: {} {}",
        step,
        snapshot.snapshotIdentifier(),
        rule,
        destination,
        where,
        errorCode,
        reason);
    SnapshotReplicationFailed failed =
        new SnapshotReplicationFailed(
            snapshot,
            policy,
            rule,
            step,
            destination,
            where.accountId(),
            where.region(),
            new Failure(reason, errorCode, retryable));
    EventEnvelope<SnapshotReplicationFailed> event =
        outgoing.causedBy(
            causeEventId,
            lifecycleId,
            failed,
            rule + "/" + step + "/" + destination + "/" + errorCode);
    publisher.publish(event);
  }
}
