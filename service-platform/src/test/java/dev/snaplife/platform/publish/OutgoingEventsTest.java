package dev.snaplife.platform.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.platform.testing.Events;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutgoingEventsTest {

  private final OutgoingEvents outgoing =
      new OutgoingEvents(
          "snaplife.snapshot-service",
          Clock.fixed(Instant.parse("2026-11-20T01:05:00Z"), ZoneOffset.UTC));

  private final EventEnvelope<?> request =
      Events.envelope(Events.sample(EventType.BACKUP_REQUESTED), "snaplife.scheduler");

  @Test
  void handlingTheSameCauseAgainYieldsTheSameEventId() {
    SnapshotCreated data = (SnapshotCreated) Events.sample(EventType.SNAPSHOT_CREATED);

    EventEnvelope<SnapshotCreated> first = outgoing.causedBy(request, data, "orders-db");
    EventEnvelope<SnapshotCreated> again = outgoing.causedBy(request, data, "orders-db");

    assertThat(again.eventId()).isEqualTo(first.eventId());
    assertThat(first.causationId()).isEqualTo(request.eventId());
    assertThat(first.lifecycleId()).isEqualTo(request.lifecycleId());
    assertThat(first.producer()).isEqualTo("snaplife.snapshot-service");
  }

  @Test
  void differentKeysOfOneCauseYieldDifferentEvents() {
    SnapshotCreated data = (SnapshotCreated) Events.sample(EventType.SNAPSHOT_CREATED);

    assertThat(outgoing.causedBy(request, data, "orders-db").eventId())
        .isNotEqualTo(outgoing.causedBy(request, data, "billing-db").eventId());
  }

  @Test
  void aLifecycleIdFollowsItsSubject() {
    assertThat(OutgoingEvents.lifecycleIdOf("arn:aws:rds:us-east-1:1:snapshot:a"))
        .isEqualTo(OutgoingEvents.lifecycleIdOf("arn:aws:rds:us-east-1:1:snapshot:a"))
        .isNotEqualTo(OutgoingEvents.lifecycleIdOf("arn:aws:rds:us-east-1:1:snapshot:b"));
  }
}
